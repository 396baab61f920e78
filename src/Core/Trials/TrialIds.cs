using System.Security.Cryptography;
using System.Text;

namespace ALfc.Core.Trials;

/// <summary>A trial's id: the first 16 hex digits of the SHA-256 of its canonical JSON.</summary>
public static class TrialIds
{
    public static string Hash(string canonicalJson) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson))).ToLowerInvariant();

    public static string Of(ITrialSpec spec) => Hash(spec.CanonicalJson())[..16];
}
