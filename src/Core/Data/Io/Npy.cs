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

    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw AlfcInputException.In(path, "file not found");
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var magic = reader.ReadBytes(6);
        if (!magic.AsSpan().SequenceEqual(Magic)) throw AlfcInputException.In(path, "not a .npy file (bad magic)");
        int major = reader.ReadByte();
        reader.ReadByte();
        int headerLength = major switch
        {
            1 => reader.ReadUInt16(),
            2 or 3 => checked((int)reader.ReadUInt32()),
            _ => throw AlfcInputException.In(path, $"unsupported .npy format version {major}"),
        };
        var header = Encoding.Latin1.GetString(reader.ReadBytes(headerLength));

        var descr = DescrPattern().Match(header);
        if (!descr.Success) throw AlfcInputException.In(path, "header field 'descr' missing");
        var dtype = descr.Groups[1].Value;
        var fortran = FortranPattern().Match(header);
        if (!fortran.Success) throw AlfcInputException.In(path, "header field 'fortran_order' missing");
        if (fortran.Groups[1].Value == "True")
            throw AlfcInputException.In(path, "field 'fortran_order': Fortran-ordered arrays are not supported (save in C order)");
        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success) throw AlfcInputException.In(path, "header field 'shape' missing");
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();

        int itemSize = dtype switch
        {
            "<f4" or "<i4" => 4,
            "<f8" or "<i8" => 8,
            _ => throw AlfcInputException.In(path, $"field 'descr': unsupported dtype '{dtype}' (expected <f4, <f8, <i4 or <i8)"),
        };
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var raw = reader.ReadBytes(checked((int)(count * itemSize)));
        if (raw.Length != count * itemSize)
            throw AlfcInputException.In(path, $"truncated data: shape ({string.Join(", ", shape)}) needs {count * itemSize} bytes, found {raw.Length}");

        var values = new double[count];
        var span = raw.AsSpan();
        for (long i = 0; i < count; i++)
        {
            var at = span.Slice((int)(i * itemSize), itemSize);
            values[i] = dtype switch
            {
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(at),
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(at),
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(at),
                _ => BinaryPrimitives.ReadInt64LittleEndian(at),
            };
        }
        return new NpyArray(shape, dtype, values);
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
