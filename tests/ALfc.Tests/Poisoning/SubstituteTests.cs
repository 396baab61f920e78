using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Poisoning.Substitutes;

namespace ALfc.Tests.Poisoning;

/// <summary>
/// The SubPac substitutes on tiny tables. The ds and zencrowd values come from the independent plain-Python reference
/// tests/ALfc.Tests/reference/subpac_substitutes_reference.py (3 EM rounds, linear-space products as the authors take
/// them); the mv and wmv values are worked out by hand in the comments.
/// </summary>
public class SubstituteTests
{
    private const int X = AnswerMatrix.Missing;

    private static AnswerMatrix Normal() => SubPacVictimTests.Matrix(
        [0, 0, 1, X], [1, 1, 1, 0], [0, 1, X, 1], [1, 0, 0, 0], [X, 1, 0, 1], [0, 0, X, 1], [1, X, 1, 0], [0, 1, X, X]);

    private static AnswerMatrix Malicious() => SubPacVictimTests.Matrix([1, 1], [X, X], [0, 0], [1, 1], [X, X], [1, 1], [X, X], [1, X]);

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9, $"{what} = {actual:R}, expected {expected:R}");

    private static void AssertFit(SubstituteFit fit, double[][] clean, double[][][] tilde)
    {
        for (int i = 0; i < clean.Length; i++)
            for (int c = 0; c < 2; c++) AssertClose(clean[i][c], fit.CleanWeights[i, c], $"w̄[{i},{c}]");
        for (int j = 0; j < tilde.Length; j++)
            for (int c = 0; c < 2; c++)
                for (int h = 0; h < 2; h++) AssertClose(tilde[j][c][h], fit.Malicious[j][c, h], $"W̃{j}[{c},{h}]");
    }

    [Fact]
    public void The_ds_substitute_matches_the_reference_two_coin_fit()
    {
        var fit = new DawidSkeneSubstitute(iterations: 3).Fit(Normal(), Malicious(), 2);
        AssertFit(fit,
            [[-4.143067909982347, -2.644859125652581], [-7.227852325818142, -2.703637829724679], [-1.8918024147786852, -2.9565494697516876],
             [-5.200166891648059, -3.8809846682341984], [-1.906554689591379, -3.3752956756364565], [-2.230224976850855, -3.1212082204008023],
             [-6.689667998476536, -2.089434783145388], [-1.3488380995877882, -2.1703352447990416]],
            [[[-0.22085552107486003, -1.6186427463423751], [-7.350259156953849, -0.0006426322935615045]],
             [[-0.12657699253953025, -2.1295255323669258], [-7.161434508825102, -0.0007762418585110216]]]);
    }

    [Fact]
    public void The_zencrowd_substitute_matches_the_reference_one_coin_fit()
    {
        var fit = new ZenCrowdSubstitute(iterations: 3).Fit(Normal(), Malicious(), 2);
        AssertFit(fit,
            [[-6.529085626194949, -2.615961240813447], [-8.188372512251027, -2.3451097439923188], [-2.878193007655144, -2.798462981281291],
             [-2.889711989371026, -7.643770266872319], [-2.431949103986232, -6.639530907929289], [-2.4206239537806855, -3.2560320351557497],
             [-7.240494798136182, -1.854801083751933], [-2.137695811913182, -2.1505247877883042]],
            [[[-0.2084585953935167, -1.6704341692086997], [-1.6704341692086997, -0.2084585953935167]],
             [[-0.2235699318229106, -1.6077342060805229], [-1.6077342060805229, -0.2235699318229106]]]);
    }

    [Fact]
    public void A_zencrowd_normal_worker_can_exceed_reliability_one_and_its_product_is_clamped()
    {
        // Worker 0 answers 2 items, both with the clear majority: p = (1 + Σ μ)/n_j > 1, so 1 - p < 0 and the class-1
        // product of item 0 is negative, which the authors clamp to 0.001 before the log.
        var normal = SubPacVictimTests.Matrix([0, 0, 0], [0, 0, 0], [X, 1, 1]);
        var fit = new ZenCrowdSubstitute(iterations: 1).Fit(normal, SubPacVictimTests.Matrix([X], [X], [X]), 2);
        Assert.Equal(Math.Log(0.001), fit.CleanWeights[0, 1], 12);
    }

    [Fact]
    public void The_clipped_zencrowd_substitute_is_the_reference_fit_where_no_reliability_passes_one()
    {
        // The reference's zencrowd-clipped output on this table equals its zencrowd output: every p_j is below 1 here.
        var fit = new ZenCrowdSubstitute(iterations: 3, clipped: true).Fit(Normal(), Malicious(), 2);
        var plain = new ZenCrowdSubstitute(iterations: 3).Fit(Normal(), Malicious(), 2);
        Assert.Equal("zencrowd-clipped", new ZenCrowdSubstitute(clipped: true).Name);
        for (int i = 0; i < 8; i++)
            for (int c = 0; c < 2; c++) Assert.Equal(plain.CleanWeights[i, c], fit.CleanWeights[i, c]);
        AssertClose(-6.529085626194949, fit.CleanWeights[0, 0], "w̄[0,0]");
        AssertClose(-1.6077342060805229, fit.Malicious[1][0, 1], "W̃1[0,1]");
    }

    [Fact]
    public void The_clipped_zencrowd_substitute_keeps_a_reliability_above_one_at_0_999()
    {
        // Start μ = vote fractions: items 0 and 1 are [1, 0], item 2 is [0, 1]. M-step: p_0 = (1 + 1 + 1)/2 = 1.5 and
        // p_1 = p_2 = (1 + 1 + 1 + 1)/3 = 4/3, all clipped to 0.999; π_normal = [2/3, 1/3]. The clean weights are then
        // w̄[0] = [ln(0.999³·2/3), ln(0.001³·1/3)] and w̄[2] = [ln(0.001²·2/3), ln(0.999²·1/3)]; unclipped, item 0's
        // class-1 product is (1 - 1.5)(1 - 4/3)² /3 < 0, clamped to ln 0.001.
        var normal = SubPacVictimTests.Matrix([0, 0, 0], [0, 0, 0], [X, 1, 1]);
        var fit = new ZenCrowdSubstitute(iterations: 1, clipped: true).Fit(normal, SubPacVictimTests.Matrix([X], [X], [X]), 2);
        AssertClose(3 * Math.Log(0.999) + Math.Log(2.0 / 3), fit.CleanWeights[0, 0], "w̄[0,0]");
        AssertClose(3 * Math.Log(0.001) + Math.Log(1.0 / 3), fit.CleanWeights[0, 1], "w̄[0,1]");
        AssertClose(2 * Math.Log(0.001) + Math.Log(2.0 / 3), fit.CleanWeights[2, 0], "w̄[2,0]");
        AssertClose(2 * Math.Log(0.999) + Math.Log(1.0 / 3), fit.CleanWeights[2, 1], "w̄[2,1]");
        Assert.Equal(Math.Log(0.001), new ZenCrowdSubstitute(iterations: 1).Fit(normal, SubPacVictimTests.Matrix([X], [X], [X]), 2).CleanWeights[0, 1], 12);
    }

    [Fact]
    public void A_ds_malicious_worker_without_answers_gets_the_clamped_matrix()
    {
        var fit = new DawidSkeneSubstitute(iterations: 2).Fit(Normal(), SubPacVictimTests.Matrix([X], [X], [X], [X], [X], [X], [X], [X]), 3);
        // α = β = (1 + 0)/(1 + 0) = 1 → 0.999; the complement 0.001 spread over the K - 1 = 2 other labels.
        for (int c = 0; c < 3; c++)
            for (int h = 0; h < 3; h++) Assert.Equal(Math.Log(c == h ? 0.999 : 0.0005), fit.Malicious[0][c, h], 12);
    }

    [Fact]
    public void The_mv_substitute_counts_votes_and_gives_everyone_the_identity()
    {
        var fit = new MajorityVoteSubstitute().Fit(Normal(), Malicious(), 2);
        Assert.Equal(2.0, fit.CleanWeights[0, 0]);
        Assert.Equal(1.0, fit.CleanWeights[0, 1]);
        Assert.Equal(3.0, fit.CleanWeights[3, 0]);
        Assert.All(fit.Malicious, w => Assert.Equal(new double[,] { { 1, 0 }, { 0, 1 } }, w));
        // Item 0: 2 votes for 0, 1 for 1; the two malicious 1s make it 2 vs 3.
        Assert.Equal(1, fit.PoisonedLabels(Malicious())[0]);
    }

    [Fact]
    public void The_wmv_substitute_uses_crh_weights_from_the_joint_fit()
    {
        // Joint start (MV, ties to 0): item 0 = 0,0,1,1 → 0; item 1 → 1; item 2 = 0,1,0,1 → 0.
        // d = (3/3, 2/3, 2/3, 1e-8/2): worker 3 agrees nowhere. Σ(2d - 1) keeps the labels, so the weights are final.
        // w̄: item 0 = (d0 + d1, d2) = (5/3, 2/3); item 1 = (0, 7/3); item 2 = (d0 + d2, d1) = (5/3, 2/3).
        var normal = SubPacVictimTests.Matrix([0, 0, 1], [1, 1, 1], [0, 1, 0]);
        var fit = new WeightedMajorityVoteSubstitute().Fit(normal, SubPacVictimTests.Matrix([1], [X], [1]), 2);
        double[,] expected = { { 5.0 / 3, 2.0 / 3 }, { 0, 7.0 / 3 }, { 5.0 / 3, 2.0 / 3 } };
        for (int i = 0; i < 3; i++)
            for (int c = 0; c < 2; c++) Assert.Equal(expected[i, c], fit.CleanWeights[i, c], 12);
        Assert.Equal(5e-9, fit.Malicious[0][1, 1], 15);
        Assert.Equal(0.0, fit.Malicious[0][0, 1]);
    }

    [Fact]
    public void The_catalog_lists_the_substitutes_and_rejects_unknown_names()
    {
        Assert.Equal(["ds", "zencrowd", "mv", "wmv", "zencrowd-clipped"], SubstituteCatalog.Names);
        foreach (var name in SubstituteCatalog.Names) Assert.Equal(name, SubstituteCatalog.Create(name).Name);
        var error = Assert.Throws<AlfcInputException>(() => SubstituteCatalog.Create("glad"));
        Assert.Contains("ds, zencrowd, mv, wmv, zencrowd-clipped", error.Message);
        // The platform runs ZenCrowd unclipped: a trial on the clipped substitute is headlined by that victim.
        Assert.Equal(["subpac-ds", "subpac-zencrowd", "subpac-mv", "subpac-wmv", "subpac-zencrowd"], SubstituteCatalog.Names.Select(SubstituteCatalog.OwnVictim));
    }
}
