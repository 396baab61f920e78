using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Tests.Models;

/// <summary>
/// No Scalar ALfc hands to libtorch can be finalized during the call that reads it (see <see cref="LiveScalars"/>): the
/// IL of every ALfc assembly is read, and any method other than LiveScalars' own that makes a Scalar (an implicit
/// conversion, ToScalar) or calls a TorchSharp method that makes one inside (add_(t), which passes alpha = 1; t + u;
/// arange(n)) fails the test, by name.
/// </summary>
public class ScalarLifetimeTests
{
    private static readonly string TorchSharpPath = typeof(Scalar).Assembly.Location;

    private static bool MakesScalar(string callee) =>
        callee.StartsWith("TorchSharp.Scalar::op_Implicit(", StringComparison.Ordinal)
        || callee.StartsWith("TorchSharp.ScalarExtensionMethods::To", StringComparison.Ordinal);

    /// <summary>TorchSharp's methods that make a Scalar inside themselves, directly or through another of its methods.</summary>
    private static readonly Lazy<HashSet<string>> TorchSharpMakers = new(() => IlCallGraph.Reaching(IlCallGraph.Calls(TorchSharpPath), MakesScalar));

    private static List<string> Offenders(string assemblyPath) =>
        IlCallGraph.Calls(assemblyPath)
            .Where(c => !IsLiveScalars(c.Caller))
            .Where(c => MakesScalar(c.Callee) || TorchSharpMakers.Value.Contains(c.Callee))
            .Select(c => $"{c.Caller} -> {c.Callee}").Distinct().ToList();

    // LiveScalars' own methods and its lambdas (compiled into the nested LiveScalars/<>c).
    private static bool IsLiveScalars(string method) =>
        method.StartsWith(typeof(LiveScalars).FullName + "::", StringComparison.Ordinal) || method.StartsWith(typeof(LiveScalars).FullName + "/", StringComparison.Ordinal);

    public static TheoryData<string> AlfcAssemblies() =>
        new(typeof(LiveScalars).Assembly.Location,                                            // ALfc.Core
            typeof(ALfc.Cluster.Trainers.TrainerActor).Assembly.Location,                     // ALfc.Cluster
            Path.Combine(AppContext.BaseDirectory, "alfc.dll"),                               // the Coordinator
            Path.Combine(AppContext.BaseDirectory, "alfc-node.dll"));                         // the GpuNode

    [Theory]
    [MemberData(nameof(AlfcAssemblies))]
    public void No_ALfc_method_makes_a_Scalar_that_a_collection_could_free_during_its_call(string assemblyPath)
    {
        Assert.True(File.Exists(assemblyPath), assemblyPath);
        var offenders = Offenders(assemblyPath);
        Assert.True(offenders.Count == 0, "Scalars made outside LiveScalars:\n" + string.Join("\n", offenders));
    }

    // What the scan must catch: this class's own helper uses each kind of Scalar-making call once.
    private static Tensor Careless(Tensor t, Tensor u) => (t.mul_(2.0).add_(u) + u).clamp_min(0);

    [Fact]
    public void The_scan_finds_implicit_Scalars_and_TorchSharp_methods_that_make_them()
    {
        Assert.Contains("TorchSharp.torch/Tensor::add_(TorchSharp.torch/Tensor)", TorchSharpMakers.Value);
        Assert.Contains("TorchSharp.torch/Tensor::op_Addition(TorchSharp.torch/Tensor,TorchSharp.torch/Tensor)", TorchSharpMakers.Value);
        Assert.DoesNotContain("TorchSharp.torch/Tensor::add_(TorchSharp.torch/Tensor,TorchSharp.Scalar)", TorchSharpMakers.Value);

        var careless = Offenders(typeof(ScalarLifetimeTests).Assembly.Location)
            .Where(o => o.StartsWith(typeof(ScalarLifetimeTests).FullName + "::" + nameof(Careless) + "(", StringComparison.Ordinal)).ToList();
        Assert.Contains(careless, o => o.EndsWith("TorchSharp.Scalar::op_Implicit(Double)", StringComparison.Ordinal));
        Assert.Contains(careless, o => o.EndsWith("TorchSharp.Scalar::op_Implicit(Int32)", StringComparison.Ordinal));
        Assert.Contains(careless, o => o.EndsWith("TorchSharp.torch/Tensor::add_(TorchSharp.torch/Tensor)", StringComparison.Ordinal));
        Assert.Contains(careless, o => o.EndsWith("TorchSharp.torch/Tensor::op_Addition(TorchSharp.torch/Tensor,TorchSharp.torch/Tensor)", StringComparison.Ordinal));
        using var t = ones(2);
        using var u = ones(2);
        using var result = Careless(t, u);
        Assert.Equal([4f, 4f], result.data<float>().ToArray()); // 2·1 + 1 + 1: the helper is real code
    }

    [Fact]
    public void A_value_is_one_Scalar_kept_for_good_and_its_kind_and_sign_are_kept()
    {
        Assert.Same(LiveScalars.Of(0.25), LiveScalars.Of(0.25));
        Assert.Same(LiveScalars.One, LiveScalars.Of(1L));
        Assert.NotSame(LiveScalars.Of(1L), LiveScalars.Of(1.0));
        Assert.Equal(ScalarType.Int64, LiveScalars.Of(3L).Type);
        Assert.Equal(ScalarType.Float64, LiveScalars.Of(3.0).Type);
        // 0.0 and -0.0 compare equal as doubles; their Scalars must not be one.
        Assert.NotSame(LiveScalars.Of(0.0), LiveScalars.Of(-0.0));
        Assert.True(double.IsNegative(LiveScalars.Of(-0.0).ToDouble()));
        Assert.False(double.IsNegative(LiveScalars.Of(0.0).ToDouble()));
        // The float a setting rounds to is what libtorch sees, as with the implicit conversion.
        using var t = ones(1).mul_(LiveScalars.Of(0.1));
        Assert.Equal(0.1f, t.item<float>());
    }
}
