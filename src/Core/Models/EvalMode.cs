using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>Running a model's inference the one way both classifiers need it: eval mode (no dropout), no gradients, its own dispose scope, and the caller's mode restored.</summary>
internal static class EvalMode
{
    /// <summary>Runs <paramref name="body"/> with <paramref name="module"/> in eval mode; its result outlives the body's scope.</summary>
    public static Tensor Run(nn.Module module, Func<Tensor> body)
    {
        Tensor result = null!;
        Run(module, () => { result = body().MoveToOuterDisposeScope(); });
        return result;
    }

    /// <summary>Runs <paramref name="body"/> with <paramref name="module"/> in eval mode; the tensors it makes are disposed with its scope.</summary>
    public static void Run(nn.Module module, Action body)
    {
        bool wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            body();
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}
