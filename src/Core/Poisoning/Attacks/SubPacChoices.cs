namespace ALfc.Core.Poisoning.Attacks;

/// <summary>The attack term of SubPac's loss.</summary>
public enum SubPacObjective
{
    /// <summary>
    /// The paper's eq. 5: L₁ = -(1/N) Σ_i v(softmax ŵ_i, softmax w̄_i) = (1/N) Σ_i Σ_k p_ik ln s_ik, pushing the poisoned
    /// posterior s away from the clean one p. Its gradient (1/N)(p - s) vanishes wherever both are saturated.
    /// </summary>
    CrossEntropy,

    /// <summary>
    /// A margin-aware attack term (an ALfc addition): L₁ = (1/N) Σ_i sigmoid(m_i / τ) with
    /// m_i = ŵ_i[z_i] - logsumexp_{c ≠ z_i} ŵ_i[c] and z_i the substitute's clean label, a smooth count of the items
    /// not yet flipped. Its gradient lives on the items near the decision boundary, however saturated the posteriors.
    /// </summary>
    Margin,
}

/// <summary>The optimiser of the logits.</summary>
public enum SubPacOptimizer
{
    /// <summary>Adam (Kingma &amp; Ba 2015), β₁ = 0.9, β₂ = 0.999, ε = 1e-8.</summary>
    Adam,

    /// <summary>Plain gradient descent.</summary>
    Sgd,
}

/// <summary>How the continuous task selection t̃ becomes the items a malicious worker labels.</summary>
public enum SubPacBudgetRule
{
    /// <summary>Exactly the ⌈a·N⌉ items with the largest t̃ per worker (ties to the lower item index).</summary>
    TopK,

    /// <summary>
    /// The items with t̃ &gt; ½ (the authors' apparent rule, notes §4.3): the budget holds only as far as the Lagrangian
    /// has pushed the soft count to B (closely only when the logits are spread, e.g. InitNoise ≈ 1: from nearly equal
    /// logits many items sit at t̃ ≈ ½ and the hard count falls short); at least one item is kept per worker.
    /// </summary>
    Threshold,
}

/// <summary>The discrete strategy the substitute is fitted on before the first gradient round.</summary>
public enum SubPacStart
{
    /// <summary>
    /// The initial items with the substitute's clean labels: the malicious workers start as perfectly honest ones, so
    /// the first fit already gives them reliable matrices W̃ and the attack term a gradient from round 1.
    /// </summary>
    Consensus,

    /// <summary>
    /// The literal start, the argmax of the initial logits (random items and labels): W̃ of a random labeller is nearly
    /// flat, so the first round is driven by the disguise term alone.
    /// </summary>
    Logits,
}

/// <summary>Which label flips a candidate keeps first when it keeps only a fraction of them.</summary>
public enum SubPacFlipRanking
{
    /// <summary>The optimised label logits: the largest preference v[label] - v[z] first.</summary>
    Logits,

    /// <summary>The clean substitute margin: the items the substitute decides most narrowly first.</summary>
    CleanMargin,
}
