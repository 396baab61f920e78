using ALfc.Core;
using ALfc.Core.Data.Io;

namespace ALfc.Tests.Data;

public class NpyTests
{
    [Theory]
    [InlineData("<f4")]
    [InlineData("<f8")]
    [InlineData("<i4")]
    [InlineData("<i8")]
    public void Round_trips_every_supported_dtype(string dtype)
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "a.npy");
        double[] values = [1, -2, 3, 40, 5, -6];
        Npy.Write(path, [2, 3], dtype, values);
        var array = Npy.Read(path);
        Assert.Equal(dtype, array.Dtype);
        Assert.Equal(new[] { 2, 3 }, array.Shape);
        Assert.Equal(values, array.Values);
    }

    [Fact]
    public void Reads_a_file_byte_for_byte_as_NumPy_writes_it()
    {
        // np.save of np.array([[1.5, -2.0]], dtype='<f4'): 128-byte header block then 8 data bytes.
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }";
        header = header.PadRight(128 - 10 - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0 };
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(header));
        bytes.AddRange(BitConverter.GetBytes(1.5f));
        bytes.AddRange(BitConverter.GetBytes(-2.0f));
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "np.npy");
        File.WriteAllBytes(path, bytes.ToArray());
        Assert.Equal(new[] { 1.5, -2.0 }, Npy.Read(path).Values);
    }

    [Theory]
    [InlineData("<u1", "unsupported dtype '<u1'")]
    [InlineData(">f4", "unsupported dtype '>f4'")]
    [InlineData("<f2", "unsupported dtype '<f2'")]
    public void Refuses_an_unsupported_dtype_naming_file_and_field(string dtype, string message)
    {
        var path = WriteHeaderOnly(dtype, "False");
        var e = Assert.Throws<AlfcInputException>(() => Npy.Read(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("descr", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Refuses_Fortran_order()
    {
        var path = WriteHeaderOnly("<f4", "True");
        var e = Assert.Throws<AlfcInputException>(() => Npy.Read(path));
        Assert.Contains("fortran_order", e.Message);
    }

    [Fact]
    public void Refuses_a_truncated_file_and_a_non_npy_file()
    {
        var dir = TestPaths.NewScratchDirectory();
        var truncated = Path.Combine(dir, "t.npy");
        Npy.Write(truncated, [4], "<f8", [1, 2, 3, 4]);
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..^8]);
        Assert.Contains("truncated", Assert.Throws<AlfcInputException>(() => Npy.Read(truncated)).Message);

        var text = Path.Combine(dir, "x.npy");
        File.WriteAllText(text, "hello, world");
        Assert.Contains("bad magic", Assert.Throws<AlfcInputException>(() => Npy.Read(text)).Message);
    }

    private static string WriteHeaderOnly(string dtype, string fortran)
    {
        var header = $"{{'descr': '{dtype}', 'fortran_order': {fortran}, 'shape': (2,), }}".PadRight(117) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0 };
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(header));
        bytes.AddRange(new byte[16]);
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "bad.npy");
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }
}
