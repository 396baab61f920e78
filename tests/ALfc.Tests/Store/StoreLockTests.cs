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

    [Fact]
    public void A_store_sharing_its_log_with_a_store_in_use_is_refused_and_the_lock_it_took_is_let_go()
    {
        // x.db and x.sqlite both log to x.log: two sweeps at once wrote each other's lines into it.
        var dir = TestPaths.NewScratchDirectory();
        var (first, second) = (Path.Combine(dir, "x.db"), Path.Combine(dir, "x.sqlite"));
        using (Coordinator.Store.StoreLock.Acquire(first))
        {
            var e = Assert.Throws<AlfcInputException>(() => Coordinator.Store.StoreLock.Acquire(second));
            Assert.Equal($"{second}: shares its log {Path.Combine(dir, "x.log")} with {first}, which a running sweep holds; wait for it, or give this store another name", e.Message);
            Assert.False(Coordinator.Store.StoreLock.IsHeld(second));
            // Refused, it leaves nothing behind: not even the lock file it created.
            Assert.False(File.Exists(second + ".lock"));
            using (Coordinator.Store.StoreLock.Acquire(Path.Combine(dir, "y.db"))) { } // another log: no conflict
        }
        using (Coordinator.Store.StoreLock.Acquire(second)) { }
    }
}
