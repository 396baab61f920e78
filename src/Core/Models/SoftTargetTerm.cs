using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// One term w · Σ_r mean_b -Σ_k T[rb, k] log softmax(f_r(X[rb]))_k of a training step's loss: <see cref="Inputs"/> X and
/// soft <see cref="Targets"/> T as R·B replica-major rows (B rows per replica), and its <see cref="Weight"/> w. A-LFC's
/// step has two (natural and adversarial inputs, weighted α and 1 - α); the other methods' one, of weight 1.
/// </summary>
public sealed record SoftTargetTerm(Tensor Inputs, Tensor Targets, double Weight = 1);
