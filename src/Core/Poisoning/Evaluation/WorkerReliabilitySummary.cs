namespace ALfc.Core.Poisoning.Evaluation;

/// <summary>Exp 2 in four numbers: mean true accuracy and mean estimated reliability of the normal and of the malicious workers.</summary>
public sealed record WorkerReliabilitySummary(double NormalAccuracy, double MaliciousAccuracy, double NormalEstimated, double MaliciousEstimated)
{
    public static WorkerReliabilitySummary Of(IReadOnlyList<WorkerReliability> workers)
    {
        var (normalTrue, maliciousTrue, normalEstimated, maliciousEstimated) = WorkerReliabilityAnalysis.Summarise(workers);
        return new(normalTrue, maliciousTrue, normalEstimated, maliciousEstimated);
    }
}
