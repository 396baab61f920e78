using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// GLAD (Whitehill et al., NIPS 2009, "Whose vote should count more"): p(y_ij = t_i) = σ(α_j e^{β_i}) with worker
/// ability α_j and item easiness e^{β_i}, a wrong label uniform over the other K - 1, as the SubPac evaluation runs
/// it (<c>attackedMethods/GLAD/method.py</c>, subpac-notes §7):
/// <list type="bullet">
/// <item>uniform class prior; α_j = β_i = 1 at the start;</item>
/// <item>EM: the E-step ρ_i(t) ∝ π_t Π_j σ^δ ((1 - σ)/(K - 1))^{1-δ}; the M-step maximises
/// Q = Σ_ij Σ_t ρ_i(t) [δ ln σ + (1 - δ) ln((1 - σ)/(K - 1))] over (α, β) with at most 25 nonlinear
/// conjugate-gradient iterations (stopping when every gradient entry is below 0.01 in size);</item>
/// <item>stop when |ΔQ / Q| &lt; 1e-4 between successive M-steps; the posteriors are those of the last E-step,
/// labels by <see cref="SubPacDecision"/>; <see cref="AggregationResult.Reliabilities"/> holds α_j.</item>
/// </list>
/// <para><b>The Normal(1, 1) priors have no effect</b> in the authors' run: their code makes the prior-mean
/// dictionaries the very objects it then optimises (<c>self.alpha = self.prioralpha</c>), so α - μ_α is always 0
/// and the prior terms drop out of Q and its gradient. This class reproduces that (maximum likelihood).</para>
/// <para><b>Deviation:</b> the authors call <c>scipy.optimize.minimize(method='CG')</c>; this is Polak–Ribière+
/// conjugate gradient with a strong-Wolfe line search (c1 = 1e-4, c2 = 0.4 and scipy's first-step guess), the
/// same method and stopping rule but not scipy's exact line-search code, so α and β, and rarely a close label,
/// can differ from a Python run.</para>
/// </summary>
public sealed class SubPacGlad(double threshold = 1e-4, int cgIterations = 25, double gradientTolerance = 0.01, int maxRounds = 1000) : IAggregator
{
    public string Name => "subpac-glad";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        var triples = answers.Triples().ToArray();
        var model = new GladObjective(triples, answers.Items, answers.Workers, classes);
        var x = Enumerable.Repeat(1.0, answers.Workers + answers.Items).ToArray();
        var posteriors = model.EStep(x);
        double q = model.Q(x, posteriors);
        var history = new List<double>();
        int rounds = 0;
        while (rounds < maxRounds)
        {
            rounds++;
            double last = q;
            posteriors = model.EStep(x);
            x = ConjugateGradient.Minimize(v => model.NegativeQ(v, posteriors), x, cgIterations, gradientTolerance);
            q = model.Q(x, posteriors);
            history.Add(q);
            if (Math.Abs((q - last) / last) < threshold) break;
        }
        return new AggregationResult(SubPacDecision.Labels(posteriors), posteriors,
            Reliabilities: x.Take(answers.Workers).ToArray(), Iterations: rounds, LogLikelihoods: history);
    }
}
