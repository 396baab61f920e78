using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Training;

/// <summary>
/// The device path end to end. Skipped without a CUDA device; on a GPU node these are what say a trial really
/// runs there. Random draws are made on the CPU, so masks and attack starts are the CPU's; GPU kernels still
/// round differently and sum some gradients in no fixed order, so GPU numbers are compared with the CPU's
/// within a tolerance, not bit for bit.
/// </summary>
public class CudaTrialTests
{
    private static TrialSpec Spec(string method) => new("synthetic", method, 5,
        new TrainingConfig { Epochs = 30, AggNetIterations = 10 },
        new EvaluationConfig { Epsilons = [0.01, 0.05], SubstituteEpochs = 10 });

    [CudaFact]
    public void A_seed_gives_the_same_initial_weights_on_the_gpu_as_on_the_cpu()
    {
        using var onCpu = new Mlp(6, 3, MlpSpec.Classifier, seed: 11, CPU);
        using var onGpu = new Mlp(6, 3, MlpSpec.Classifier, seed: 11, new Device(DeviceType.CUDA, 0));
        foreach (var (a, b) in onCpu.parameters().Zip(onGpu.parameters()))
        {
            Assert.Equal(DeviceType.CUDA, b.device_type);
            Assert.Equal(TensorData.Floats(a), TensorData.Floats(b));
        }
    }

    [CudaFact]
    public void Every_method_trains_and_is_attacked_on_the_gpu_and_scores_like_the_cpu()
    {
        var data = TrainingTestData.Small();
        foreach (var method in MethodCatalog.Names)
        {
            var gpu = TrialRunner.Run(Spec(method), data, new Device(DeviceType.CUDA, 0), null, CancellationToken.None);
            var cpu = TrialRunner.Run(Spec(method), data, CPU, null, CancellationToken.None);
            Assert.Equal("cuda:0", gpu.Device);
            Assert.Equal(cpu.EpochsRun, gpu.EpochsRun);
            Assert.InRange(gpu.Clean, cpu.Clean - 0.15, cpu.Clean + 0.15);
            foreach (var box in new[] { gpu.White, gpu.Black })
                foreach (var cell in box.Values.SelectMany(eps => eps.Values)) Assert.InRange(cell, 0, 1);
        }
    }
}
