namespace ALfc.Tests.Cli;

/// <summary>
/// SIGTERM in the middle of a trial: the sweep waits for the trial's thread to observe the cancellation, exits 130 or
/// 143 of its own accord (not 139 or 134, a segfault or an abort, as when libtorch was torn down under a running trial),
/// and leaves the trial queued with its attempt given back; running the same command again finishes it.
/// </summary>
[Collection("cluster")] // alone on the cores: the trial must still be running when the signal arrives
public class InterruptTests
{
    [Fact]
    public async Task SIGTERM_during_a_trial_exits_cleanly_and_leaves_the_trial_queued_for_the_resume()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = Path.Combine(dir, "grid.json");
        // One A-LFC trial of many epochs: seconds of libtorch work, well past the moment the signal is sent.
        File.WriteAllText(grid, """{ "name": "term", "datasets": ["synthetic"], "methods": ["alfc"], "epochs": 400, "attacks": ["pgd"], "eps": { "synthetic": [0.03] }, "blackBox": false }""");
        var store = Path.Combine(dir, "r.db");
        string[] args = ["sweep", "--grid", grid, "--store", store];

        using (var process = AlfcProcess.Start(new AlfcProcess.Invocation("alfc", args)))
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = new System.Text.StringBuilder();
            string? line;
            while ((line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null)
            {
                stderr.AppendLine(line);
                if (line.Contains("kind=train device=cpu started", StringComparison.Ordinal)) break;
            }
            Assert.NotNull(line);
            await Task.Delay(500); // inside the training loop
            AlfcProcess.Signal(process, 15);
            var rest = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            stderr.Append(await rest);
            Assert.True(process.ExitCode is 130 or 143, $"exit {process.ExitCode}: {stderr}");
            Assert.Contains("alfc: interrupted: 0 of 1 trial done and saved", stderr.ToString());
            Assert.DoesNotContain("trial thread(s) did not stop", stderr.ToString());
            Assert.Contains("sweep 'term': 1 trial (", await stdout);
        }
        Assert.Equal("queued", Sqlite.Text(store, "SELECT status FROM trials"));
        Assert.Equal(0, Sqlite.Count(store, "SELECT attempts FROM trials"));

        var resumed = AlfcProcess.Run(args);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("(0 new, 0 already done, 0 resumed, 1 still queued)", resumed.Stdout); // the stop requeued it
        Assert.Equal(("done", 1L), (Sqlite.Text(store, "SELECT status FROM trials"), Sqlite.Count(store, "SELECT attempts FROM trials")));
    }

    [Fact]
    public async Task SIGTERM_while_a_node_is_still_joining_ends_it_at_once_not_at_its_join_timeout()
    {
        // Nothing listens on port 9: the node keeps trying to join for its --join-timeout of 600 s.
        using var process = AlfcProcess.Start(new AlfcProcess.Invocation("alfc-node", ["--seeds", "127.0.0.1:9", "--join-timeout", "600"]));
        var stderr = new System.Text.StringBuilder();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null)
        {
            stderr.AppendLine(line);
            if (line.Contains("Remoting started", StringComparison.Ordinal)) break;
        }
        Assert.NotNull(line);
        AlfcProcess.Signal(process, 15);
        var rest = process.StandardError.ReadToEndAsync();
        // Far below the join timeout: before, the node waited for the join to time out after Akka had shut down.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        stderr.Append(await rest);
        Assert.True(process.ExitCode == 143, $"exit {process.ExitCode}: {stderr}");
        Assert.DoesNotContain("could not join", stderr.ToString());
    }
    [Fact]
    public async Task A_node_whose_coordinator_was_killed_and_never_came_back_stops_after_its_rejoin_timeout()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = Path.Combine(dir, "grid.json");
        File.WriteAllText(grid, """{ "name": "gone", "datasets": ["synthetic"], "methods": ["alfc"], "epochs": 4000, "attacks": ["pgd"], "eps": { "synthetic": [0.03] }, "blackBox": false }""");
        int port = FreePorts.Next();
        using var coordinator = AlfcProcess.Start(new AlfcProcess.Invocation("alfc", ["sweep", "--grid", grid, "--store", Path.Combine(dir, "r.db"), "--listen", $"127.0.0.1:{port}", "--slots", "0"]));
        var coordinatorOut = coordinator.StandardOutput.ReadToEndAsync();
        using var node = AlfcProcess.Start(new AlfcProcess.Invocation("alfc-node", ["--seeds", $"127.0.0.1:{port}", "--slots", "1", "--join-timeout", "60", "--rejoin-timeout", "3"]));
        var nodeOut = node.StandardOutput.ReadToEndAsync();
        try
        {
            // The node's trial has started: the coordinator's log says so.
            string? line;
            while ((line = await coordinator.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90))) is not null)
                if (line.Contains("started", StringComparison.Ordinal) && line.Contains("trial=", StringComparison.Ordinal)) break;
            Assert.NotNull(line);
            coordinator.Kill();
            var stderr = await node.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            // Not an error (a finished sweep leaves the same way), but the node does not wait for ever: it says why it stopped.
            Assert.True(node.ExitCode == 0, $"exit {node.ExitCode}: {stderr}");
            var lines = stderr.Split('\n').Where(l => l.StartsWith("alfc-node:", StringComparison.Ordinal)).ToList();
            Assert.Equal([$"alfc-node: the coordinator left and did not come back at 127.0.0.1:{port} within 3 s (--rejoin-timeout); stopping"], lines);
        }
        finally
        {
            if (!coordinator.HasExited) coordinator.Kill();
            if (!node.HasExited) node.Kill();
        }
    }

    [Fact]
    public async Task SIGTERM_while_a_node_waits_to_rejoin_after_a_finished_sweep_is_143_with_no_false_message_and_no_stack_trace()
    {
        var dir = TestPaths.NewScratchDirectory();
        var grid = Path.Combine(dir, "grid.json");
        File.WriteAllText(grid, """{ "name": "done", "datasets": ["synthetic"], "methods": ["mv"], "epochs": 1, "attacks": ["fgsm"], "eps": { "synthetic": [0.01] }, "blackBox": false }""");
        // Twice: the race it had (Akka's own SIGTERM hook against the command's cancellation) went either way.
        for (int round = 0; round < 2; round++)
        {
            int port = FreePorts.Next();
            using var coordinator = AlfcProcess.Start(new AlfcProcess.Invocation("alfc", ["sweep", "--grid", grid, "--store", Path.Combine(dir, $"r{round}.db"), "--listen", $"127.0.0.1:{port}", "--slots", "0"]));
            var coordinatorOut = coordinator.StandardOutput.ReadToEndAsync();
            var coordinatorErr = coordinator.StandardError.ReadToEndAsync();
            using var node = AlfcProcess.Start(new AlfcProcess.Invocation("alfc-node", ["--seeds", $"127.0.0.1:{port}", "--slots", "1", "--join-timeout", "60"]));
            var nodeOut = node.StandardOutput.ReadToEndAsync();
            try
            {
                await coordinator.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
                Assert.Equal(0, coordinator.ExitCode);
                // The node notices its coordinator left, restarts its system and waits for one to come back.
                var stderr = new System.Text.StringBuilder();
                string? line;
                int started = 0;
                while ((line = await node.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null)
                {
                    stderr.AppendLine(line);
                    if (line.Contains("Remoting started", StringComparison.Ordinal) && ++started == 2) break;
                }
                Assert.NotNull(line);
                await Task.Delay(1000);
                AlfcProcess.Signal(node, 15);
                stderr.Append(await node.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60)));
                await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.True(node.ExitCode == 143, $"exit {node.ExitCode}: {stderr}");
                Assert.DoesNotContain("did not come back", stderr.ToString());
                Assert.DoesNotContain("Unhandled exception", stderr.ToString());
                Assert.DoesNotContain("   at ", stderr.ToString());
            }
            finally
            {
                if (!coordinator.HasExited) coordinator.Kill();
                if (!node.HasExited) node.Kill();
            }
        }
    }
}
