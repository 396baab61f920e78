using System.Runtime.InteropServices;

namespace ALfc.Core.Data.Io;

/// <summary>
/// Where a path really leads: absolute, with every symbolic link resolved (realpath(3) on its longest existing part,
/// the rest appended). Two paths that reach the same file this way are the same place, which is what an output must
/// never share with an input it is made from (`export --out` over its own store, a store inside a report folder).
/// </summary>
public static class CanonicalPath
{
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return full;
        var existing = full;
        var rest = new Stack<string>();
        while (!File.Exists(existing) && !Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null) return full;
            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }
        IntPtr resolved;
        try
        {
            resolved = realpath(existing, IntPtr.Zero);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return full;
        }
        if (resolved == IntPtr.Zero) return full; // a loop or no permission: compare as written
        var result = Marshal.PtrToStringUTF8(resolved)!;
        free(resolved);
        foreach (var part in rest) result = Path.Combine(result, part);
        return result;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or anything under it, both taken canonically.</summary>
    public static bool IsWithin(string path, string folder)
    {
        var (p, f) = (Of(path), Of(folder).TrimEnd(Path.DirectorySeparatorChar));
        return p == f || p.StartsWith(f + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
}
