using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using QRCoder;
using Shortener.Api.Auth;
using Shortener.Api.Links;

namespace Shortener.Api.Apis;

/// <summary>GET /links/{slug}/qr?format=svg|png: a QR code of the link's short URL, for its owner or an admin.</summary>
public static class LinkQrApi
{
    public static RouteHandlerBuilder MapLinkQrApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/links/{slug}/qr", GetQrCode).RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("Links")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetQrCode(string slug, ClaimsPrincipal user,
        ShortUrls shortUrls, LinkStore links, CancellationToken ct, string format = "svg", int size = 8)
    {
        var row = await links.FindAsync(slug, ct);
        if (row is null) return Problems.NotFound(slug);
        if (!user.CanAccess(row)) return Problems.Forbidden(slug);
        var errors = new Dictionary<string, string[]>();
        if (format is not ("svg" or "png")) errors["format"] = ["format must be svg or png."];
        if (size is < 1 or > 40) errors["size"] = ["size (pixels per module) must be between 1 and 40."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var shortUrl = shortUrls.For(row.Slug);
        using var data = QRCodeGenerator.GenerateQrCode(shortUrl, QRCodeGenerator.ECCLevel.M);
        var name = $"{row.Slug}-qr.{format}";
        return format == "svg"
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(new SvgQRCode(data).GetGraphic(size)), "image/svg+xml", name)
            : TypedResults.File(new PngByteQRCode(data).GetGraphic(size), "image/png", name);
    }
}
