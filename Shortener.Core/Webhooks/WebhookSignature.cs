using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Shortener.Core.Webhooks;

/// <summary>
/// The webhook-signature header of the Standard Webhooks specification: "v1," and the base64 of HMAC-SHA256 over
/// "{webhook-id}.{webhook-timestamp}.{body}", one per key, separated by spaces (two while a rotated secret overlaps).
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string id, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var header = new StringBuilder(keys.Count * 48);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var key in keys)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmac.AppendData(prefix);
            hmac.AppendData(body);
            hmac.GetHashAndReset(mac);
            if (header.Length > 0) header.Append(' ');
            header.Append("v1,").Append(Convert.ToBase64String(mac));
        }
        return header.ToString();
    }
}
