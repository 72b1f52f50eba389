using System.Security.Cryptography;
using System.Text;

namespace Shortener.Tests.Webhooks;

/// <summary>
/// A receiver's check, written out from the Standard Webhooks specification rather than taken from the product: the
/// key is the base64 after "whsec_"; the signed content is "{webhook-id}.{webhook-timestamp}.{body}"; the header holds
/// space-separated "v1,{base64 HMAC-SHA256}" signatures, any of which may match.
/// </summary>
public static class StandardWebhooks
{
    public static bool Verifies(string secret, WebhookReceiver.Delivery delivery) =>
        Signatures(delivery).Contains(Expected(secret, delivery));

    public static string Expected(string secret, WebhookReceiver.Delivery delivery)
    {
        Assert.StartsWith("whsec_", secret);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{delivery.Id}.{delivery.Timestamp}.{delivery.Body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    public static string[] Signatures(WebhookReceiver.Delivery delivery) => delivery.Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
