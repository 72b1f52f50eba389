using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;

namespace Shortener.Api.Extensions;

/// <summary>
/// An HTML answer with the headers every page of ours carries: no framing (clickjacking), no content sniffing, no
/// referrer leaking the slug to wherever the page leads, nothing cached, and a policy that lets the page load nothing
/// at all (it needs no script, style or image).
/// </summary>
public sealed class HtmlPage(string html, int statusCode = StatusCodes.Status200OK) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult,
    IEndpointMetadataProvider
{
    public const string ContentSecurityPolicy = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public int? StatusCode => statusCode;
    public string ContentType => "text/html; charset=utf-8";
    public string Html => html;

    public static void AddSecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        AddSecurityHeaders(response);
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/html"]));
}
