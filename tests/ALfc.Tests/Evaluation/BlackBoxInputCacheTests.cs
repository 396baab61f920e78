using ALfc.Core;
using ALfc.Core.Attacks;
using ALfc.Core.Data;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;
using static TorchSharp.torch;

namespace ALfc.Tests.Evaluation;

/// <summary>
/// The black-box input cache: a repetition's inputs crafted once, read back with the same numbers by its other trials,
/// keyed by everything they depend on, whole files only, bounded, and never a reason for an evaluation to fail.
/// </summary>
public class BlackBoxInputCacheTests
{
    private static readonly SyntheticCrowdSpec Crowd = new() { TrainItems = 200, TestItems = 300, Features = 8, Classes = 3, Workers = 6, MaxAnswersPerItem = 3 };
    private static readonly TrainingConfig Training = new() { Epochs = 3 };
    private static readonly EvaluationConfig Evaluation = new() { Attacks = ["fgsm", "pgd"], Epsilons = [0.05, 0.2], WhiteBox = false };

    // 300 test rows of 8 floats, after a 56-byte header: the evaluator's 256-row chunks leave a partial last one.
    private const long CellBytes = 56 + 300 * 8 * sizeof(float);

    private static CrowdDataset Load(int seed = 0) => DatasetCatalog.Load("synthetic", new() { Synthetic = Crowd with { Seed = seed } });

    private static string Folder() => Path.Combine(TestPaths.NewScratchDirectory(), "blackbox");

    private static string[] Cells(BlackBoxInputCache cache) =>
        Directory.Exists(cache.Directory) ? Directory.GetFiles(cache.Directory).Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>Two methods' models of one repetition, its substitute and the substitute's key.</summary>
    private sealed class Repetition : IDisposable
    {
        public Repetition(CrowdDataset data, long seed = 5)
        {
            Data = data;
            Seed = seed;
            First = new Mlp(data.Features, data.Classes, MlpSpec.Classifier, 11);
            Second = new Mlp(data.Features, data.Classes, MlpSpec.Classifier, 12);
            Substitute = SubstituteModel.Train(data, Evaluation, Training, seed, CPU, CancellationToken.None, new SubstituteCache(long.MaxValue));
            SubstituteKey = SubstituteModel.Key(data, Evaluation, Training, seed, CPU);
        }

        public CrowdDataset Data { get; }
        public long Seed { get; }
        public Mlp First { get; }
        public Mlp Second { get; }
        public Mlp Substitute { get; }
        public string SubstituteKey { get; }

        public EvaluationResult Evaluate(Mlp model, BlackBoxInputCache? cache, EvaluationConfig? config = null) =>
            Evaluator.Evaluate(model, Substitute, Data, config ?? Evaluation, Seed, CancellationToken.None, cache is null ? null : (cache, SubstituteKey));

        public void Dispose()
        {
            First.Dispose();
            Second.Dispose();
            Substitute.Dispose();
        }
    }

    private static void AssertSame(EvaluationResult expected, EvaluationResult actual)
    {
        Assert.Equal(expected.Clean, actual.Clean);
        Assert.Equal(expected.Black.Keys.Order(), actual.Black.Keys.Order());
        foreach (var (attack, cells) in expected.Black) Assert.Equal(cells, actual.Black[attack]);
    }

    [Fact]
    public void The_first_trial_of_a_repetition_crafts_its_inputs_and_the_next_reads_them_back_with_the_same_numbers()
    {
        using var repetition = new Repetition(Load());
        var cache = new BlackBoxInputCache(Folder(), long.MaxValue);
        var firstAlone = repetition.Evaluate(repetition.First, null);
        var secondAlone = repetition.Evaluate(repetition.Second, null);

        long before = FlopCount.Total;
        var first = repetition.Evaluate(repetition.First, cache);
        long crafting = FlopCount.Total - before;
        var cells = Cells(cache);
        Assert.Equal(4, cells.Length); // 2 attacks x 2 eps
        Assert.All(cells, c => Assert.Equal(CellBytes, new FileInfo(c).Length));

        // Another method's model of the same repetition: the attacks do not run on the substitute again.
        before = FlopCount.Total;
        var second = repetition.Evaluate(repetition.Second, cache);
        long reading = FlopCount.Total - before;
        Assert.True(reading < crafting / 2, $"{reading} FLOPs reading back against {crafting} crafting");
        Assert.Equal(cells, Cells(cache));

        AssertSame(firstAlone, first);
        AssertSame(secondAlone, second);
        Assert.NotEqual(first.Black["pgd"], second.Black["pgd"]); // two models, so the check above compares something
    }

    [Fact]
    public void Another_repetition_test_set_eps_or_attack_setting_has_cells_of_its_own()
    {
        var data = Load();
        using var repetition = new Repetition(data);
        using var other = new Repetition(data, seed: 6);
        string Key(Repetition r, string attack, double eps, bool randomStart = true, (double, double)? clamp = null, CrowdDataset? set = null) =>
            BlackBoxInputCache.CellKey(r.SubstituteKey, set ?? data, AttackCatalog.Create(attack, eps, randomStart, clamp), randomStart, clamp, r.Seed);
        string[] keys =
        [
            Key(repetition, "pgd", 0.05), Key(other, "pgd", 0.05), Key(repetition, "pgd", 0.2), Key(repetition, "fgsm", 0.05),
            Key(repetition, "pgd", 0.05, randomStart: false), Key(repetition, "pgd", 0.05, clamp: (0, 1)),
            Key(repetition, "pgd", 0.05, set: Load(seed: 1)),
        ];
        Assert.Equal(keys.Length, keys.Distinct().Count());
        // ... while the same cell of the same repetition has one key, whichever loaded copy of the data asks.
        Assert.Equal(Key(repetition, "pgd", 0.05), Key(repetition, "pgd", 0.05, set: Load()));
    }

    [Fact]
    public void A_truncated_or_foreign_cell_file_is_crafted_again_and_replaced()
    {
        using var repetition = new Repetition(Load());
        var cache = new BlackBoxInputCache(Folder(), long.MaxValue);
        var expected = repetition.Evaluate(repetition.First, cache);
        var cells = Cells(cache);
        var contents = cells.Select(File.ReadAllBytes).ToArray();

        // A cut-off file, and one holding another cell's (well-formed) contents under this cell's name.
        File.WriteAllBytes(cells[0], contents[0][..^4]);
        File.WriteAllBytes(cells[1], contents[2]);
        long before = FlopCount.Total;
        var again = repetition.Evaluate(repetition.First, cache);
        Assert.True(FlopCount.Total > before);
        AssertSame(expected, again);
        Assert.Equal(contents, Cells(cache).Select(File.ReadAllBytes).ToArray());
        Assert.Empty(Directory.GetFiles(cache.Directory, "*.tmp"));
    }

    [Fact]
    public void Past_its_budget_the_least_recently_used_cells_go_first()
    {
        using var repetition = new Repetition(Load());
        // Room for three cells: the fourth written pushes out the oldest. The cells are written attack by attack, eps by
        // eps: fgsm 0.05, fgsm 0.2, pgd 0.05, pgd 0.2.
        var cache = new BlackBoxInputCache(Folder(), 3 * CellBytes + 10);
        string Cell(string attack, double eps) => Path.Combine(cache.Directory, BlackBoxInputCache.CellKey(repetition.SubstituteKey, repetition.Data,
            AttackCatalog.Create(attack, eps, true, null), true, null, repetition.Seed) + ".bbx");
        AssertSame(repetition.Evaluate(repetition.First, null), repetition.Evaluate(repetition.First, cache));
        Assert.Equal(new[] { Cell("fgsm", 0.2), Cell("pgd", 0.05), Cell("pgd", 0.2) }.Order(StringComparer.Ordinal), Cells(cache));

        // PGD's two cells read back (no crafting) are used again; FGSM at 0.05, crafted anew, then pushes out FGSM at 0.2.
        var pgdOnly = Evaluation with { Attacks = ["pgd"] };
        var pgd = repetition.Evaluate(repetition.First, cache, pgdOnly);
        Assert.Equal(repetition.Evaluate(repetition.First, null, pgdOnly).Black["pgd"], pgd.Black["pgd"]);
        var fgsm = repetition.Evaluate(repetition.First, cache, Evaluation with { Attacks = ["fgsm"], Epsilons = [0.05] });
        Assert.Equal(repetition.Evaluate(repetition.First, null, Evaluation with { Attacks = ["fgsm"], Epsilons = [0.05] }).Black["fgsm"], fgsm.Black["fgsm"]);
        Assert.Equal(new[] { Cell("fgsm", 0.05), Cell("pgd", 0.05), Cell("pgd", 0.2) }.Order(StringComparer.Ordinal), Cells(cache));
        Assert.True(Cells(cache).Sum(c => new FileInfo(c).Length) <= cache.MaxBytes);
    }

    [Fact]
    public void A_temporary_file_a_killed_writer_left_goes_at_the_next_commit_and_a_live_one_stays()
    {
        using var repetition = new Repetition(Load());
        var cache = new BlackBoxInputCache(Folder(), long.MaxValue);
        Directory.CreateDirectory(cache.Directory);
        string left = Path.Combine(cache.Directory, "left-by-a-killed-slot.tmp"), live = Path.Combine(cache.Directory, "being-written.tmp");
        File.WriteAllBytes(left, new byte[100]);
        File.WriteAllBytes(live, new byte[100]);
        File.SetLastWriteTimeUtc(left, DateTime.UtcNow - BlackBoxInputCache.AbandonedAfter - TimeSpan.FromMinutes(1));
        repetition.Evaluate(repetition.First, cache);
        Assert.False(File.Exists(left));
        Assert.True(File.Exists(live));
        Assert.Equal(4, Directory.GetFiles(cache.Directory, "*.bbx").Length);
    }

    [Fact]
    public void A_folder_that_cannot_be_made_leaves_the_numbers_as_they_are()
    {
        using var repetition = new Repetition(Load());
        // The cache's folder is a file: nothing can be written there.
        string blocked = Folder();
        Directory.CreateDirectory(Path.GetDirectoryName(blocked)!);
        File.WriteAllText(blocked, "not a folder");
        var cache = new BlackBoxInputCache(blocked, long.MaxValue);
        AssertSame(repetition.Evaluate(repetition.First, null), repetition.Evaluate(repetition.First, cache));
        Assert.Equal("not a folder", File.ReadAllText(blocked));
    }

    [Fact]
    public void A_crafting_that_throws_leaves_no_file()
    {
        using var repetition = new Repetition(Load());
        var cache = new BlackBoxInputCache(Folder(), long.MaxValue);
        var attack = AttackCatalog.Create("pgd", 0.05, true, null);
        var key = BlackBoxInputCache.CellKey(repetition.SubstituteKey, repetition.Data, attack, true, null, repetition.Seed);
        using var x = TensorData.Features(repetition.Data.TestFeatures, CPU);
        using var y = TensorData.Labels(repetition.Data.TestGold, CPU);
        // The target throws mid-cell (its input width is wrong): the half-written file must not stay behind as a cell.
        using var wrong = new Mlp(repetition.Data.Features + 1, repetition.Data.Classes, MlpSpec.Classifier, 1);
        Assert.ThrowsAny<Exception>(() => Evaluator.Transferred(repetition.Substitute, wrong, attack, x, y, repetition.Seed, cache, key));
        Assert.Empty(Cells(cache));
    }

    [Theory]
    [InlineData(null, BlackBoxInputCache.DefaultMegabytes)]
    [InlineData("", BlackBoxInputCache.DefaultMegabytes)]
    [InlineData("250", 250L)]
    public void The_budget_is_the_variable_in_megabytes(string? setting, long megabytes)
    {
        var cache = BlackBoxInputCache.FromSetting(setting, "/somewhere");
        Assert.NotNull(cache);
        Assert.Equal(megabytes << 20, cache.MaxBytes);
        Assert.Equal("/somewhere", cache.Directory);
    }

    [Fact]
    public void A_budget_of_zero_turns_the_cache_off()
    {
        Assert.Null(BlackBoxInputCache.FromSetting("0", "/somewhere"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("4 GB")]
    [InlineData("lots")]
    [InlineData("99999999999999999999")]
    public void A_budget_that_is_not_whole_megabytes_is_one_line_naming_the_variable(string setting)
    {
        var e = Assert.Throws<AlfcInputException>(() => BlackBoxInputCache.FromSetting(setting, "/somewhere"));
        Assert.StartsWith($"{BlackBoxInputCache.BudgetVariable}: '{setting}'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
