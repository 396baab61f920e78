// The worker node hosts trainer actors once the sweep engine exists (issue 4); until then it only
// says so, with a non-zero exit, rather than pretending to join a cluster.
Console.Error.WriteLine("alfc-node: the sweep engine is not built yet; see README (Status)");
return 3;
