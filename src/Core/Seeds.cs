using System.Security.Cryptography;
using System.Text;

namespace ALfc.Core;

/// <summary>
/// Derives independent, stable sub-seeds from a trial seed, one per purpose (initialisation, dropout,
/// shuffles, attack starts, substitute model). Hashing instead of seed + k keeps the streams unrelated
/// and lets a new purpose be added without shifting the others.
/// </summary>
public static class Seeds
{
    public static long Derive(long seed, string purpose)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{purpose}"));
        return BitConverter.ToInt64(bytes, 0) & long.MaxValue;
    }

    public static int DeriveInt(long seed, string purpose) => (int)(Derive(seed, purpose) & int.MaxValue);
}
