namespace ALfc.Core.Training;

/// <summary>
/// How many repetitions a sweep fuses into one batched model, from the model's inputs. Measured on the project's 2-core
/// machine with one libtorch thread, per repetition, fused against alone, each command run in turn (README, "Fused
/// repetitions"):
/// <list type="bullet">
/// <item>music, 124 inputs, A-LFC 200 epochs: 4.8-4.9 s of training alone, 3.6-3.7 s fused by 10, 3.7 s by 20;</item>
/// <item>labelme, 512 inputs, 40 epochs, fused by 8: A-LFC 2.3-2.4 s against 2.4-2.5 s alone, within the noise;</item>
/// <item>sentiment, 1200 inputs, 40 epochs, fused by 8: A-LFC 22.6-23.2 s against 19.7 s alone, slower.</item>
/// </list>
/// So small models fuse by 10 and the others run alone. A sweep's or bench's <c>--fuse</c> overrides the rule.
/// </summary>
public static class FusionWidth
{
    /// <summary>Models with at most this many inputs fuse.</summary>
    public const int SmallInputs = 256;

    public static int For(int inputs) => inputs <= SmallInputs ? 10 : 1;
}
