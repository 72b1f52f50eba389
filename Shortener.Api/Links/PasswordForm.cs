using System.Text.Encodings.Web;
using Shortener.Api.Extensions;

namespace Shortener.Api.Links;

/// <summary>The small page a password-protected link shows instead of redirecting; it posts back to the same URL.</summary>
public static class PasswordForm
{
    public static HtmlPage Render(string slug, bool wrongPassword)
    {
        var name = HtmlEncoder.Default.Encode(slug);
        var error = wrongPassword ? """<p role="alert">That password is not right.</p>""" : "";
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Protected link</title></head>
            <body>
            <h1>This link is protected</h1>
            <p>Enter the password to continue to /{name}.</p>
            {error}
            <form method="post">
            <label>Password <input type="password" name="password" required autofocus maxlength="{LinkRules.MaxPasswordLength}"></label>
            <button type="submit">Continue</button>
            </form>
            </body>
            </html>
            """;
        return new HtmlPage(html, wrongPassword ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }
}
