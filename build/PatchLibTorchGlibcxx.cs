// Compiled by MSBuild's RoslynCodeTaskFactory (see Directory.Build.targets); not part of any project.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Makes TorchSharp's libLibTorchSharp.so loadable on a libstdc++ that lacks GLIBCXX_3.4.32
/// (Debian 12): the version requirement is flagged VER_FLG_WEAK in .gnu.version_r and every
/// dynamic symbol bound to it gets VER_NDX_GLOBAL in .gnu.version. Safe because none of those
/// symbols is the target of a relocation; the task refuses to patch if one is.
/// </summary>
public class PatchLibTorchGlibcxx : Task
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public string Directory { get; set; } = "";

    public override bool Execute()
    {
        var library = Path.Combine(Directory, "libLibTorchSharp.so");
        if (!File.Exists(library)) return true;
        if (SystemLibStdCxxHasVersion())
        {
            Log.LogMessage(MessageImportance.Low, "libstdc++ provides " + MissingVersion + "; TorchSharp needs no patch.");
            return true;
        }
        try
        {
            var bytes = File.ReadAllBytes(library);
            var changed = Patch(bytes);
            if (changed)
            {
                var temp = library + ".alfc-tmp";
                File.WriteAllBytes(temp, bytes);
                File.Copy(temp, library, true);
                File.Delete(temp);
                Log.LogMessage(MessageImportance.High, "ALfc: patched " + library + " for a libstdc++ without " + MissingVersion + ".");
            }
            return true;
        }
        catch (Exception e) when (e is InvalidDataException || e is IOException || e is ArgumentOutOfRangeException)
        {
            Log.LogError("ALfc: cannot patch " + library + ": " + e.Message);
            return false;
        }
    }

    private static bool SystemLibStdCxxHasVersion()
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        var needle = Encoding.ASCII.GetBytes(MissingVersion + "\0");
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            return Contains(File.ReadAllBytes(candidate), needle);
        }
        // No libstdc++ where Debian-like systems keep it: nothing we know how to fix.
        return true;
    }

    /// <summary>Returns true when the image was changed; false when it needs nothing (or was patched before).</summary>
    private static bool Patch(byte[] b)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");
        long shoff = (long)U64(b, 0x28);
        int shentsize = U16(b, 0x3A), shnum = U16(b, 0x3C);
        int verneed = -1, versym = -1;
        for (int i = 0; i < shnum; i++)
        {
            var type = U32(b, shoff + (long)i * shentsize + 4);
            if (type == ShtGnuVerneed) verneed = i;
            if (type == ShtGnuVersym) versym = i;
        }
        if (verneed < 0 || versym < 0) return false;

        long needOff = SectionOffset(b, shoff, shentsize, verneed);
        long needStr = SectionOffset(b, shoff, shentsize, (int)SectionLink(b, shoff, shentsize, verneed));
        int versionIndex = -1;
        bool changed = false;
        for (long p = needOff; ; )
        {
            int count = U16(b, p + 2);
            long aux = p + U32(b, p + 8);
            for (int k = 0; k < count; k++)
            {
                if (CString(b, needStr + U32(b, aux + 8)) == MissingVersion)
                {
                    versionIndex = U16(b, aux + 6);
                    ushort flags = U16(b, aux + 4);
                    if ((flags & VerFlgWeak) == 0)
                    {
                        W16(b, aux + 4, (ushort)(flags | VerFlgWeak));
                        changed = true;
                    }
                }
                aux += U32(b, aux + 12);
            }
            uint next = U32(b, p + 12);
            if (next == 0) break;
            p += next;
        }
        if (versionIndex < 0) return changed;

        long symOff = SectionOffset(b, shoff, shentsize, versym);
        long symSize = (long)U64(b, shoff + (long)versym * shentsize + 0x20);
        var bound = new System.Collections.Generic.HashSet<long>();
        for (long o = symOff; o < symOff + symSize; o += 2)
            if ((U16(b, o) & 0x7fff) == versionIndex) bound.Add((o - symOff) / 2);
        RefuseIfRelocated(b, shoff, shentsize, shnum, bound);
        foreach (var symbol in bound)
        {
            W16(b, symOff + 2 * symbol, 1);
            changed = true;
        }
        return changed;
    }

    /// <summary>An un-versioned symbol that is actually bound at load time could resolve to the wrong definition.</summary>
    private static void RefuseIfRelocated(byte[] b, long shoff, int shentsize, int shnum, System.Collections.Generic.HashSet<long> symbols)
    {
        const uint ShtRela = 4;
        for (int i = 0; i < shnum; i++)
        {
            long header = shoff + (long)i * shentsize;
            if (U32(b, header + 4) != ShtRela) continue;
            long off = (long)U64(b, header + 0x18), size = (long)U64(b, header + 0x20);
            for (long r = off; r + 24 <= off + size; r += 24)
                if (symbols.Contains((long)(U64(b, r + 8) >> 32)))
                    throw new InvalidDataException("a symbol bound to " + MissingVersion + " has a relocation; the weak-version patch would be unsafe");
        }
    }

    private static long SectionOffset(byte[] b, long shoff, int size, int index) => (long)U64(b, shoff + (long)index * size + 0x18);
    private static uint SectionLink(byte[] b, long shoff, int size, int index) => U32(b, shoff + (long)index * size + 0x28);
    // Explicit little-endian arithmetic: the task compiles against netstandard, without BinaryPrimitives.
    private static ulong U64(byte[] b, long o) => U32(b, o) | ((ulong)U32(b, o + 4) << 32);
    private static uint U32(byte[] b, long o) => (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
    private static ushort U16(byte[] b, long o) => (ushort)(b[o] | (b[o + 1] << 8));

    private static void W16(byte[] b, long o, ushort value)
    {
        b[o] = (byte)value;
        b[o + 1] = (byte)(value >> 8);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int k = 0;
            while (k < needle.Length && haystack[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    private static string CString(byte[] b, long o)
    {
        int end = (int)o;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)o, end - (int)o);
    }
}
