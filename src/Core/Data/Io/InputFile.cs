using System.Runtime.InteropServices;

namespace ALfc.Core.Data.Io;

/// <summary>
/// The one check before any input file is opened: it must exist, be a regular file (symbolic links followed), and not be
/// larger than its kind of input can sensibly be. Opening a FIFO for reading blocks until someone writes to it, and
/// reading /dev/zero or a 4 GB file without a line break as text ran out of memory (an internal error after 4 GB):
/// both are refused here in one line naming the file.
/// </summary>
public static class InputFile
{
    /// <summary>
    /// The largest text input (CSV, answer and truth tables, label files): 256 MiB, some 75 times the largest file of the
    /// real datasets (music's 3.4 MB worker answers), and small enough to read whole.
    /// </summary>
    public const long MaxTextBytes = 256L << 20;

    /// <summary>The largest grid or configuration file (JSON, HOCON): a page of settings; 16 MiB is far past any real one and small enough to parse.</summary>
    public const long MaxConfigBytes = 16L << 20;

    /// <summary>Refuses <paramref name="path"/> unless it is a regular file of at most <paramref name="maxBytes"/> bytes.</summary>
    public static void Require(string path, long maxBytes = MaxTextBytes, string notFound = "file not found")
    {
        if (!File.Exists(path))
            throw AlfcInputException.In(path, Directory.Exists(path) ? "is a folder, not a file" : AccessDenied(path) ? PermissionDenied : notFound);
        if (!IsRegular(path)) throw AlfcInputException.In(path, "is not a regular file (a pipe, device or socket); give a file");
        long length = new FileInfo(path).Length;
        if (length > maxBytes)
            throw AlfcInputException.In(path, $"is {length} bytes, more than the {maxBytes} bytes an input of this kind may have");
    }

    /// <summary>What a path that stat(2) may not reach is called.</summary>
    public const string PermissionDenied = "permission denied: a folder on its path cannot be entered";

    /// <summary>
    /// Whether stat(2) of <paramref name="path"/> fails with EACCES: the file may well be there, in a folder this user
    /// cannot enter, where File.Exists says only "no" (a user was once told "file not found" for it).
    /// </summary>
    public static bool AccessDenied(string path)
    {
        const int eacces = 13;
        return Stat(path, out int errno) is null && errno == eacces;
    }

    /// <summary>
    /// Whether <paramref name="path"/> (links followed) is a regular file, from stat(2)'s mode. True where the mode cannot be
    /// read this way (another OS or C library): the check is a guard against hangs, not a gate.
    /// </summary>
    public static bool IsRegular(string path)
    {
        if (Stat(path) is not { } buffer) return true; // not known here, or gone: the open that follows says why
        // struct stat's st_mode: offset 24 on x86-64 (st_dev, st_ino, st_nlink are 8 bytes each), 16 on arm64.
        uint mode = BitConverter.ToUInt32(buffer, RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16);
        const uint typeMask = 0xF000, regular = 0x8000;
        return (mode & typeMask) == regular;
    }

    /// <summary>How many names (hard links) the file <paramref name="path"/> leads to has; null where stat(2) cannot say.</summary>
    public static long? LinkCount(string path)
    {
        if (Stat(path) is not { } buffer) return null;
        // st_nlink: 8 bytes at offset 16 on x86-64, 4 bytes at offset 20 on arm64.
        return RuntimeInformation.ProcessArchitecture == Architecture.X64 ? BitConverter.ToInt64(buffer, 16) : BitConverter.ToUInt32(buffer, 20);
    }

    /// <summary>stat(2) of <paramref name="path"/> (links followed) as raw bytes, on Linux x86-64 and arm64; null elsewhere or on failure.</summary>
    private static byte[]? Stat(string path) => Stat(path, out _);

    /// <summary>As <see cref="Stat(string)"/>, with errno on failure (0 where stat(2) was not called).</summary>
    private static byte[]? Stat(string path, out int errno)
    {
        errno = 0;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)) return null;
        var buffer = new byte[256];
        try
        {
            if (stat(path, buffer) == 0) return buffer;
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    // glibc exports stat itself since 2.33 (Debian 12 ships 2.36); the buffer is larger than struct stat on either architecture.
    [DllImport("libc", SetLastError = true)]
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
