using ALfc.Core;

namespace ALfc.Tests.Store;

public class StoreLockTests
{
    [Fact]
    public void A_second_sweep_on_the_same_store_is_refused_until_the_first_lets_go()
    {
        var store = Path.Combine(TestPaths.NewScratchDirectory(), "r.db");
        using (Coordinator.Store.StoreLock.Acquire(store))
        {
            var e = Assert.Throws<AlfcInputException>(() => Coordinator.Store.StoreLock.Acquire(store));
            Assert.StartsWith($"{store}: in use by another running sweep", e.Message);
        }
        using (Coordinator.Store.StoreLock.Acquire(store)) { }
    }
}
