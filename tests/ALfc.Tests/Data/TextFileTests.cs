using ALfc.Core;
using ALfc.Core.Data.Io;

namespace ALfc.Tests.Data;

public class TextFileTests
{
    [Fact]
    public void A_ragged_answer_row_is_an_error_naming_file_and_line()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "answers.txt");
        File.WriteAllText(path, "0 1 -1\n1 1 0\n2 0\n");
        var e = Assert.Throws<AlfcInputException>(() => IntTextFile.ReadMatrix(path));
        Assert.Equal($"{path}:3: ragged row: 2 fields, the first row has 3", e.Message);
    }

    [Fact]
    public void A_non_integer_is_an_error_naming_line_and_field()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "labels.txt");
        File.WriteAllText(path, "1\n2\nthree\n");
        Assert.Equal($"{path}:3: field 1: 'three' is not an integer", Assert.Throws<AlfcInputException>(() => IntTextFile.ReadColumn(path)).Message);
    }

    [Fact]
    public void Csv_rows_with_the_wrong_field_count_and_bad_numbers_are_named()
    {
        var dir = TestPaths.NewScratchDirectory();
        var ragged = Path.Combine(dir, "r.csv");
        File.WriteAllText(ragged, "id,feature0,class\na,1.0,x\nb,2.0\n");
        Assert.Equal($"{ragged}:3: 2 fields, header has 3", Assert.Throws<AlfcInputException>(() => CsvTable.Read(ragged)).Message);

        var bad = Path.Combine(dir, "b.csv");
        File.WriteAllText(bad, "id,feature0,class\r\"a,1\",zero,x\r");
        var table = CsvTable.Read(bad);
        Assert.Equal("a,1", table.Text(0, 0));
        Assert.Equal($"{bad}:2: column 'feature0': 'zero' is not a finite number", Assert.Throws<AlfcInputException>(() => table.Float(0, 1)).Message);
    }
}
