namespace ALfc.Core.Training;

/// <summary>
/// How many repetitions to fuse into one batched model, from the model's size. Measured on this project's 2-core
/// machine with one libtorch thread (README, "Fused repetitions"): music A-LFC (124-128-10, 200 epochs) took 6.5 s alone,
/// 3.6 s per repetition fused by 10 and 3.5 s by 20; the micro-benchmark found bmm 0.7-0.9x, slower, for 512 and
/// 1200 inputs. So models of up to <see cref="MaxInputs"/> inputs fuse by <see cref="SmallModels"/>, larger ones not at all.
/// A sweep's <c>--fuse</c> overrides the rule.
/// </summary>
public static class FusionWidth
{
    public const int MaxInputs = 256;

    public const int SmallModels = 10;

    public static int For(int inputs) => inputs <= MaxInputs ? SmallModels : 1;
}
