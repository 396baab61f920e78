using System.Runtime.Serialization;

namespace ALfc.Core.Evaluation;

/// <summary>Who crafts the adversarial examples: the attacked model itself, or a substitute trained on MV labels.</summary>
public enum Box
{
    /// <summary>White-box: crafted on the evaluated model's own gradients.</summary>
    [EnumMember(Value = "white")] White,

    /// <summary>Black-box: crafted on the substitute and transferred.</summary>
    [EnumMember(Value = "black")] Black,
}

/// <summary>The boxes, and their spelling in records, the store and reports (<see cref="EnumSpelling{T}"/>).</summary>
public static class Boxes
{
    public static IReadOnlyList<Box> All { get; } = [Box.White, Box.Black];

    public static string Name(Box box) => EnumSpelling<Box>.Name(box);
}
