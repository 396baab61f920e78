using ALfc.Coordinator.Sweeps;
using ALfc.Core;

namespace ALfc.Tests.Sweeps;

public class GridSpecTests
{
    private static GridSpec Parse(string json) => GridSpec.Parse(json, "grid.json", "grid");

    [Fact]
    public void The_quick_preset_is_every_method_on_synthetic_five_times()
    {
        var trials = GridPresets.Load("quick").Expand();
        Assert.Equal(6 * 5, trials.Count);
        Assert.All(trials, t => Assert.Equal("synthetic", t.Spec.Dataset));
        Assert.Equal(trials.Count, trials.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void The_paper_preset_covers_exps_1_to_4_without_duplicates()
    {
        var trials = GridPresets.Load("paper").Expand();
        // Per dataset: 6 methods at alpha 0.5, plus alfc at 10 more alphas (0.5 is shared), times 50 repetitions.
        Assert.Equal(3 * (6 + 10) * 50, trials.Count);
        Assert.Equal(11, trials.Where(t => t.Spec.Method == "alfc").Select(t => t.Spec.Training.Alpha).Distinct().Count());
        Assert.All(trials, t => Assert.Equal(200, t.Spec.Training.Epochs));
    }

    [Fact]
    public void Methods_of_a_repetition_share_its_seed_and_ids_are_stable()
    {
        var grid = Parse("""{ "datasets": ["synthetic"], "methods": ["mv", "alfc"], "repetitions": 2, "baseSeed": 10 }""");
        var trials = grid.Expand();
        Assert.Equal(new long[] { 10, 11 }, trials.Where(t => t.Spec.Method == "mv").Select(t => t.Spec.Seed));
        Assert.Equal(new long[] { 10, 11 }, trials.Where(t => t.Spec.Method == "alfc").Select(t => t.Spec.Seed));
        Assert.Equal(trials.Select(t => t.Id), Parse("""{ "datasets": ["synthetic"], "methods": ["mv", "alfc"], "repetitions": 2, "baseSeed": 10 }""").Expand().Select(t => t.Id));
    }

    [Fact]
    public void Adding_repetitions_or_methods_keeps_the_existing_trial_ids()
    {
        var small = Parse("""{ "datasets": ["synthetic"], "methods": ["mv"], "repetitions": 2 }""").Expand().Select(t => t.Id);
        var larger = Parse("""{ "datasets": ["synthetic"], "methods": ["mv", "ds"], "repetitions": 3 }""").Expand().Select(t => t.Id).ToHashSet();
        Assert.Subset(larger, small.ToHashSet());
        Assert.Equal(6, larger.Count);
    }

    [Theory]
    [InlineData("""{ "datasets": ["synthetic"], "methods": ["mv", "svm"] }""", "grid.json: methods[1]: unknown method 'svm' (known: gt, mv, ds, aggnet, crowdlayer, alfc)")]
    [InlineData("""{ "datasets": ["synthetic"], "methods": [] }""", "grid.json: methods: the list is empty")]
    [InlineData("""{ "datasets": [], "methods": ["mv"] }""", "grid.json: datasets: the list is empty")]
    [InlineData("""{ "methods": ["mv"] }""", "grid.json: datasets: missing (required)")]
    [InlineData("""{ "datasets": ["imagenet"], "methods": ["mv"] }""", "grid.json: datasets[0]: unknown dataset 'imagenet' (known: synthetic, music, labelme, sentiment)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "eps": { "music": [0.01, -0.1] } }""", "grid.json: eps.music[1]: -0.1 is not a finite number >= 0")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "attacks": ["pgd", "cw"] }""", "grid.json: attacks[1]: unknown attack 'cw' (known: fgsm, pgd, cw-margin, mim)")]
    [InlineData("""{ "datasets": ["music"], "methods": ["alfc"], "alphas": [1.5] }""", "grid.json: alphas[0]: 1.5 is not in [0, 1]")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "repetitions": 0 }""", "grid.json: repetitions: must be at least 1, got 0")]
    [InlineData("""{ "datasets": ["music"], "methods": ["mv"], "repetitons": 3 }""", "grid.json: repetitons: unknown field (known: name, repetitions, baseSeed, schedule, epochs, datasets, methods, alphas, attacks, eps, blackBox, scale, blocks, description)")]
    [InlineData("""{ "datasets": ["music"], """, "grid.json: not valid JSON (line 1, position 25)")]
    public void A_bad_grid_is_a_one_line_error_naming_the_field(string json, string expected)
    {
        Assert.Equal(expected, Assert.Throws<AlfcInputException>(() => Parse(json)).Message);
    }

    [Fact]
    public void A_missing_grid_file_is_named()
    {
        Assert.Equal("/nonexistent/grid.json: grid file not found", Assert.Throws<AlfcInputException>(() => GridSpec.Load("/nonexistent/grid.json")).Message);
    }
}
