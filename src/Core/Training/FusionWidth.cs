namespace ALfc.Core.Training;

/// <summary>
/// How many repetitions a sweep fuses into one batched model, from the model's inputs. Measured on the project's 2-core
/// machine with one libtorch thread, per repetition, fused against alone, each command run twice in turn (README,
/// "Fused repetitions"):
/// <list type="bullet">
/// <item>music, 124 inputs, A-LFC 200 epochs: 6.4 s alone, 3.4 s fused by 10, 3.3 s by 20;</item>
/// <item>labelme, 512 inputs, 40 epochs, fused by 8: MV 0.3 s against 0.5 s, A-LFC 2.2-2.3 s against 2.7-2.8 s;</item>
/// <item>sentiment, 1200 inputs, 40 epochs, fused by 8: MV 2.9 s against 3.7 s, but A-LFC 22.2-22.9 s against 21.5-21.8 s,
/// slower; A-LFC is most of sentiment's time, so sentiment runs alone.</item>
/// </list>
/// A sweep's or bench's <c>--fuse</c> overrides the rule.
/// </summary>
public static class FusionWidth
{
    public static int For(int inputs) => inputs switch
    {
        <= 256 => 10,
        <= 512 => 8,
        _ => 1,
    };
}
