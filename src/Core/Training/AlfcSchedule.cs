namespace ALfc.Core.Training;

/// <summary>Which A-LFC schedule to run (see <see cref="Methods.AlfcMethod"/>).</summary>
public enum AlfcSchedule
{
    /// <summary>The paper's Algorithm 1: per minibatch, backprop, worker update, E-step, PGD regeneration. The default.</summary>
    Paper,

    /// <summary>The authors' code: MV pre-training, AggNet EM, then 20 rounds of EM on [X; X'] and PGD regeneration.</summary>
    Reference,
}
