using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Attacks;

internal static class TinyModels
{
    /// <summary>
    /// An MLP that computes exactly logits = A x + b: hidden = relu([x; -x]) with W1 = [I; -I], and
    /// W2 = [A, -A], so relu(x) - relu(-x) = x makes the ReLU layer the identity.
    /// </summary>
    public static Mlp Linear(double[,] a, double[] b)
    {
        int k = a.GetLength(0), d = a.GetLength(1);
        var model = new Mlp(d, k, new MlpSpec(2 * d, 0), seed: 1);
        var w1 = new float[2 * d * d];
        for (int i = 0; i < d; i++) { w1[i * d + i] = 1; w1[(d + i) * d + i] = -1; }
        var w2 = new float[k * 2 * d];
        for (int c = 0; c < k; c++)
            for (int i = 0; i < d; i++) { w2[c * 2 * d + i] = (float)a[c, i]; w2[c * 2 * d + d + i] = (float)-a[c, i]; }
        Set(model, "hiddenWeight", w1);
        Set(model, "hiddenBias", new float[2 * d]);
        Set(model, "outputWeight", w2);
        Set(model, "outputBias", b.Select(v => (float)v).ToArray());
        model.eval();
        return model;
    }

    /// <summary>A small trained-looking model: the classifier trained a few epochs on a synthetic crowd's true labels.</summary>
    public static (Mlp Model, Tensor X, Tensor Y) Trained(int epochs = 30)
    {
        var data = Core.Data.DatasetCatalog.Load("synthetic", new() { Synthetic = new() { TrainItems = 300, TestItems = 200, Features = 10, Classes = 3, Workers = 8, MaxAnswersPerItem = 4 } });
        var trained = new Core.Training.Methods.GroundTruthMethod().Train(data, new Core.Training.TrainingConfig { Epochs = epochs }, 7, TorchSharp.torch.CPU, null, CancellationToken.None);
        return (trained.Model, Core.Models.TensorData.Features(data.TestFeatures, TorchSharp.torch.CPU), Core.Models.TensorData.Labels(data.TestGold, TorchSharp.torch.CPU));
    }

    private static void Set(Mlp model, string name, float[] values)
    {
        using var noGrad = no_grad();
        var parameter = model.named_parameters().Single(p => p.name == name).parameter;
        using var source = tensor(values, parameter.shape);
        parameter.copy_(source);
    }
}
