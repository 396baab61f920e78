using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace ALfc.Core.Data.Io;

/// <summary>
/// NumPy .npy files (format versions 1-3): little-endian float32, float64, int32 and int64 in C
/// order. Anything else (another dtype, big-endian, Fortran order, object arrays) is refused with
/// a one-line error naming the file and the field, rather than read as garbage.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Longest header this reader accepts. NumPy writes well under 1 KiB and refuses over 10 000 bytes itself.</summary>
    public const int MaxHeaderLength = 1 << 16;

    /// <summary>
    /// Reads a whole array. Every size the header states is checked against the file before anything is allocated, so
    /// a hostile header (a negative, huge or non-numeric shape, a header length near 2^32, a truncated file) is a
    /// one-line error naming the file and the field, never an overflow or an out-of-memory.
    /// </summary>
    public static NpyArray Read(string path)
    {
        // The size is checked against the header below; here only that it is a file that opening will not block on.
        InputFile.Require(path, maxBytes: long.MaxValue);
        using var stream = File.OpenRead(path);
        long length = stream.Length;
        using var reader = new BinaryReader(stream);
        if (length < Magic.Length + 4) throw AlfcInputException.In(path, $"truncated: {length} bytes, shorter than a .npy header");
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic)) throw AlfcInputException.In(path, "not a .npy file (bad magic)");
        int major = reader.ReadByte();
        reader.ReadByte();
        long headerLength = major switch
        {
            1 => reader.ReadUInt16(),
            2 or 3 => length >= Magic.Length + 6 ? reader.ReadUInt32() : throw AlfcInputException.In(path, $"truncated: {length} bytes, shorter than a version {major} header"),
            _ => throw AlfcInputException.In(path, $"unsupported .npy format version {major}"),
        };
        long dataStart = stream.Position + headerLength;
        if (dataStart > length)
            throw AlfcInputException.In(path, $"truncated header: the header length field says {headerLength} bytes, the file has {length - stream.Position} after it");
        if (headerLength > MaxHeaderLength)
            throw AlfcInputException.In(path, $"header length {headerLength} bytes is implausible for a .npy file (at most {MaxHeaderLength})");
        var header = Encoding.Latin1.GetString(reader.ReadBytes((int)headerLength));

        var descr = DescrPattern().Match(header);
        if (!descr.Success) throw AlfcInputException.In(path, "header field 'descr' missing");
        var dtype = descr.Groups[1].Value;
        var fortran = FortranPattern().Match(header);
        if (!fortran.Success) throw AlfcInputException.In(path, "header field 'fortran_order' missing");
        if (fortran.Groups[1].Value == "True")
            throw AlfcInputException.In(path, "field 'fortran_order': Fortran-ordered arrays are not supported (save in C order)");
        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success) throw AlfcInputException.In(path, "header field 'shape' missing");
        var shape = Shape(shapeMatch.Groups[1].Value, path);

        int itemSize = dtype switch
        {
            "<f4" or "<i4" => 4,
            "<f8" or "<i8" => 8,
            _ => throw AlfcInputException.In(path, $"field 'descr': unsupported dtype '{dtype}' (expected <f4, <f8, <i4 or <i8)"),
        };
        // Sizes are multiplied in 128 bits: a shape like (2^31-1, 2^31-1, 2^31-1) must be refused, not wrap around.
        Int128 count = 1;
        foreach (var d in shape) count *= d;
        Int128 available = length - dataStart;
        if (count * itemSize > available)
            throw AlfcInputException.In(path, $"truncated data: shape ({string.Join(", ", shape)}) needs {count * itemSize} bytes, found {available}");
        if (count > Array.MaxLength)
            throw AlfcInputException.In(path, $"field 'shape': ({string.Join(", ", shape)}) holds {count} values, more than one array can hold");
        var values = new double[(long)count];
        // The element reader is chosen once, not per value: labelme's features are 82 M values.
        Func<ReadOnlySpan<byte>, double> read = dtype switch
        {
            "<f4" => at => BinaryPrimitives.ReadSingleLittleEndian(at),
            "<f8" => at => BinaryPrimitives.ReadDoubleLittleEndian(at),
            "<i4" => at => BinaryPrimitives.ReadInt32LittleEndian(at),
            _ => at => BinaryPrimitives.ReadInt64LittleEndian(at),
        };
        var buffer = new byte[itemSize * 8192];
        for (long done = 0; done < values.LongLength;)
        {
            int chunk = (int)Math.Min(8192, values.LongLength - done);
            stream.ReadExactly(buffer, 0, chunk * itemSize);
            for (int i = 0; i < chunk; i++) values[done + i] = read(buffer.AsSpan(i * itemSize, itemSize));
            done += chunk;
        }
        return new NpyArray(shape, dtype, values);
    }

    /// <summary>
    /// The 'shape' tuple: whole numbers >= 0 (Python 2's "3L" too), at most 32 of them as in NumPy, each an int, and the
    /// trailing ones' product (a matrix's columns) an int as well.
    /// </summary>
    private static int[] Shape(string tuple, string path)
    {
        var parts = tuple.Split(',', StringSplitOptions.TrimEntries);
        // "(3,)" has an empty last part; "()" is a scalar; any other empty part is malformed.
        if (parts.Length > 1 && parts[^1].Length == 0) parts = parts[..^1];
        if (parts is [""]) parts = [];
        if (parts.Length > 32) throw AlfcInputException.In(path, $"field 'shape': {parts.Length} dimensions, more than NumPy's 32");
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var text = parts[i].EndsWith('L') ? parts[i][..^1] : parts[i];
            if (text.Length == 0 || !text.All(char.IsAsciiDigit))
                throw AlfcInputException.In(path, $"field 'shape': dimension {i} is '{parts[i]}', not a whole number >= 0");
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out shape[i]))
                throw AlfcInputException.In(path, $"field 'shape': dimension {i} is {text}, larger than {int.MaxValue}");
        }
        Int128 trailing = 1;
        foreach (var d in shape.Skip(1)) trailing *= d;
        if (trailing > int.MaxValue)
            throw AlfcInputException.In(path, $"field 'shape': ({string.Join(", ", shape)}) has {trailing} values per row, more than {int.MaxValue}");
        return shape;
    }

    /// <summary>Writes a C-order little-endian array (version 1.0); used for the feature cache and by tests.</summary>
    public static void Write(string path, int[] shape, string dtype, IReadOnlyList<double> values)
    {
        int itemSize = dtype switch { "<f4" or "<i4" => 4, "<f8" or "<i8" => 8, _ => throw new ArgumentException($"unsupported dtype {dtype}") };
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // Header padded with spaces so data starts on a 64-byte boundary, as NumPy does.
        int total = Magic.Length + 2 + 2 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write((byte)1);
        writer.Write((byte)0);
        writer.Write((ushort)padded.Length);
        writer.Write(Encoding.Latin1.GetBytes(padded));
        var buffer = new byte[itemSize];
        foreach (var v in values)
        {
            switch (dtype)
            {
                case "<f4": BinaryPrimitives.WriteSingleLittleEndian(buffer, (float)v); break;
                case "<f8": BinaryPrimitives.WriteDoubleLittleEndian(buffer, v); break;
                case "<i4": BinaryPrimitives.WriteInt32LittleEndian(buffer, checked((int)v)); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(buffer, checked((long)v)); break;
            }
            writer.Write(buffer);
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
