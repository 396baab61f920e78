using ALfc.Core;
using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

public class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Cpu_parses_in_any_case(string text) => Assert.Equal(DeviceType.CPU, ComputeDevice.Parse(text).type);

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:x")]
    [InlineData("cpu:0")]
    [InlineData("cuda0")]
    public void An_unknown_spelling_is_a_one_line_error_naming_the_option(string text)
    {
        var error = Assert.Throws<AlfcInputException>(() => ComputeDevice.Parse(text));
        Assert.Equal($"--device {text}: expected cpu, cuda or cuda:N", error.Message);
    }

    [Fact]
    public void A_cuda_device_is_checked_against_what_this_process_can_see()
    {
        if (ComputeDevice.CudaAvailable)
        {
            int count = cuda.device_count();
            var device = ComputeDevice.Parse("cuda");
            Assert.Equal((DeviceType.CUDA, 0), (device.type, device.index));
            var error = Assert.Throws<AlfcInputException>(() => ComputeDevice.Parse($"cuda:{count}"));
            Assert.Equal($"--device cuda:{count}: this machine has {count} CUDA device(s), cuda:0 to cuda:{count - 1}", error.Message);
        }
        else
        {
            var error = Assert.Throws<AlfcInputException>(() => ComputeDevice.Parse("cuda:1", "--devices"));
            Assert.StartsWith("--devices cuda:1: CUDA is not available to this process", error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    [Fact]
    public void A_list_keeps_its_order_and_duplicates_and_refuses_to_be_empty()
    {
        Assert.Equal(3, ComputeDevice.ParseList("cpu, cpu,cpu").Count);
        Assert.Equal("--device: the list is empty", Assert.Throws<AlfcInputException>(() => ComputeDevice.ParseList(" , ")).Message);
        Assert.Equal("--device cpu;cpu: expected cpu, cuda or cuda:N", Assert.Throws<AlfcInputException>(() => ComputeDevice.ParseList("cpu;cpu")).Message);
    }

    [Fact]
    public void Slots_take_the_devices_round_robin_and_results_name_them_canonically()
    {
        var devices = new[] { new Device(DeviceType.CUDA, 0), new Device(DeviceType.CUDA, 1), CPU };
        Assert.Equal(["cuda:0", "cuda:1", "cpu", "cuda:0", "cuda:1"],
            Enumerable.Range(0, 5).Select(slot => ComputeDevice.Name(ComputeDevice.ForSlot(devices, slot))));
    }
}
