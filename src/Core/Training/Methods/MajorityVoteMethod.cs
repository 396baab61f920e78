using ALfc.Core.Aggregation;

namespace ALfc.Core.Training.Methods;

/// <summary>`mv`: trains on majority-vote labels (one-hot, ties to the lowest class).</summary>
public sealed class MajorityVoteMethod() : FixedTargetMethod("mv", data => (new MajorityVote().Aggregate(data.Answers, data.Classes).Posteriors, null));
