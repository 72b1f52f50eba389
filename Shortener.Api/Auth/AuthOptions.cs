using System.ComponentModel.DataAnnotations;

namespace Shortener.Api.Auth;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The admin's key (env Auth__AdminApiKey); the AppHost generates one when it is not configured.</summary>
    [Required(ErrorMessage = "Auth:AdminApiKey (env Auth__AdminApiKey) must be set."), MinLength(16)]
    public string AdminApiKey { get; set; } = "";
}
