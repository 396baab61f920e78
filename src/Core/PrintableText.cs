namespace ALfc.Core;

/// <summary>Text from a user's file or flag, made safe to print on a terminal line.</summary>
public static class PrintableText
{
    /// <summary>
    /// Control characters shown escaped ("\n", "\u001b"), so a value echoed to the terminal stays on its line and
    /// cannot move the cursor or change colours; text without any comes back as it is.
    /// </summary>
    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
            escaped.Append(c switch
            {
                '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return escaped.ToString();
    }
}
