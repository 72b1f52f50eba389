using System.Security.Cryptography;

namespace Shortener.Core.Webhooks;

/// <summary>Standard Webhooks secrets: "whsec_" and the base64 of the key; the signature is keyed with the decoded bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int KeyBytes = 32;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    public static string Format(byte[] key) => Prefix + Convert.ToBase64String(key);

    /// <summary>The key of a "whsec_…" secret, or null when it is not one (for configured secrets).</summary>
    public static byte[]? TryParse(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var key = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[Prefix.Length..], key, out var written) && written >= 16 ? key[..written] : null;
    }
}
