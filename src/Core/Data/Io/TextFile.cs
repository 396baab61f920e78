namespace ALfc.Core.Data.Io;

/// <summary>Reads an input text file (a CSV, a grid) strictly as Unicode text.</summary>
public static class TextFile
{
    /// <summary>
    /// The file's text: UTF-8 (a UTF-8 byte-order mark is dropped), or UTF-16/32 when its byte-order mark says so.
    /// Bytes that are not valid UTF-8 are refused with their line, not replaced by U+FFFD: replaced, two worker ids
    /// such as "w\xe9" and "w\xe8" (Latin-1) both became "w\ufffd" and were silently merged into one worker, and a
    /// grid's Latin-1 description was shown with U+FFFD.
    /// </summary>
    public static string Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bool utf16or32 = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
                         || bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF;
        if (utf16or32)
        {
            using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        var span = bytes.AsSpan(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0);
        var chars = new char[span.Length];
        if (System.Text.Unicode.Utf8.ToUtf16(span, chars, out int read, out int written, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done)
        {
            // A NUL is valid UTF-8 but never text: UTF-16 saved without its byte-order mark (every other byte NUL, so
            // the header reads "q\0u\0e..." and its columns go missing), or a binary file. Taken in, it ended up in ids.
            int nul = span[..read].IndexOf((byte)0);
            if (nul >= 0) throw AlfcInputException.At(path, LineAt(span, nul), "holds a NUL byte, which no text file has (UTF-16 without a byte-order mark, or not text?); save the file as UTF-8");
            return new string(chars, 0, written);
        }
        throw AlfcInputException.At(path, LineAt(span, read), $"not valid UTF-8 text (byte 0x{span[read]:X2}); save the file as UTF-8");
    }

    /// <summary>The 1-based line of byte <paramref name="offset"/>, with lines as CsvTable splits them: "\r\n", "\r" or "\n" each end one.</summary>
    private static int LineAt(ReadOnlySpan<byte> span, int offset)
    {
        int line = 1;
        for (int x = 0; x < offset; x++)
            if (span[x] == (byte)'\n' || (span[x] == (byte)'\r' && (x + 1 >= span.Length || span[x + 1] != (byte)'\n'))) line++;
        return line;
    }
}
