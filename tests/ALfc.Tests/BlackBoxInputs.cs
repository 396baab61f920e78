using System.Runtime.CompilerServices;
using ALfc.Core.Evaluation;

namespace ALfc.Tests;

/// <summary>
/// In-process trials of the test run keep their black-box inputs beside the run's feature cache, not in the user's
/// ~/.cache/alfc (the CLI processes the tests start get that folder through ALFC_CACHE, see AlfcProcess).
/// </summary>
internal static class BlackBoxInputs
{
    [ModuleInitializer]
    internal static void BesideTheFeatureCache() =>
        BlackBoxInputCache.Replace(new BlackBoxInputCache(Path.Combine(TestPaths.FeatureCache, "blackbox"), BlackBoxInputCache.DefaultMegabytes << 20));
}
