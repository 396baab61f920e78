namespace ALfc.Core.Models;

/// <summary>
/// Counts the matrix-multiply work of <see cref="Mlp"/> done on this thread, from the model shapes (what `alfc bench`
/// divides by the seconds to get GFLOP/s). For a d-h-K model and B rows:
/// <list type="bullet">
/// <item>forward: 2B(dh + hK) (the two products; biases, ReLU, dropout and softmax are ignored);</item>
/// <item>backward of a training loss (weights, not inputs): dW₁ 2Bdh + dW₂ 2BhK + ∂h 2BhK = 2B(dh + 2hK);</item>
/// <item>backward to the inputs (an attack's gradient, no weight gradients): ∂h 2BhK + ∂x 2Bdh = 2B(dh + hK).</item>
/// </list>
/// A forward made with gradients on is pending until <see cref="TrainingBackward"/> or <see cref="InputBackward"/>
/// says which backward consumed it; forwards without gradients (evaluation, E-steps) cost only themselves. Per thread
/// because a node's slots each run their trial on their own thread.
/// </summary>
public static class FlopCount
{
    [ThreadStatic] private static long total;
    [ThreadStatic] private static long pendingTraining;
    [ThreadStatic] private static long pendingInput;

    /// <summary>FLOPs counted on this thread so far.</summary>
    public static long Total => total;

    internal static void Forward(long rows, int inputs, int hidden, int classes, bool withGradients)
    {
        long forward = 2 * rows * ((long)inputs * hidden + (long)hidden * classes);
        total += forward;
        if (!withGradients) return;
        pendingTraining += 2 * rows * ((long)inputs * hidden + 2L * hidden * classes);
        pendingInput += forward;
    }

    /// <summary>A training loss was back-propagated to the weights through every pending forward.</summary>
    internal static void TrainingBackward()
    {
        total += pendingTraining;
        (pendingTraining, pendingInput) = (0, 0);
    }

    /// <summary>An attack took the gradient to its inputs through every pending forward.</summary>
    internal static void InputBackward()
    {
        total += pendingInput;
        (pendingTraining, pendingInput) = (0, 0);
    }
}
