using System.ComponentModel.DataAnnotations;

namespace Shortener.Api.Auth;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The admin's key (env Auth__AdminApiKey); the AppHost generates one when it is not configured.</summary>
    [Required(ErrorMessage = "Auth:AdminApiKey (env Auth__AdminApiKey) must be set."), MinLength(16)]
    public string AdminApiKey { get; set; } = "";

    /// <summary>How long a dashboard sign-in lasts (env Auth__SessionLifetime); revoking its key ends it sooner.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
