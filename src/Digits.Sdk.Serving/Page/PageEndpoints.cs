using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Digits.Sdk.Serving.Page;

/// <summary>
/// The draw-a-digit page at <c>/</c> and its assets (style, script, icon; the icon also as <c>/favicon.ico</c>), read once from the assembly's embedded resources: the
/// page works offline and needs no files beside the application.
/// </summary>
internal static class PageEndpoints
{
    private const string ResourcePrefix = "Digits.Sdk.Serving.Page.";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Assets = new Dictionary<string, (byte[], string)>
    {
        ["index.html"] = (Read("index.html"), "text/html; charset=utf-8"),
        ["page.css"] = (Read("page.css"), "text/css; charset=utf-8"),
        ["page.js"] = (Read("page.js"), "text/javascript; charset=utf-8"),
        ["icon.svg"] = (Read("icon.svg"), "image/svg+xml"),
    }.ToFrozenDictionary();

    public static void Map(RouteGroupBuilder group)
    {
        // The page links its assets and the API relatively, so it works under any prefix the endpoints are mapped
        // at; that needs its address to end with '/', which a prefix without one (/digits) is redirected to.
        group.MapGet("/", (HttpRequest request) => request.Path.Value is { } path && !path.EndsWith('/')
                ? TypedResults.Redirect($"{request.PathBase}{path}/{request.QueryString}")
                : Asset("index.html"))
            .ExcludeFromDescription();
        group.MapGet("/page/{file}", (string file) => Asset(file)).ExcludeFromDescription();
        // Browsers ask for /favicon.ico whatever the page links; the page's icon answers it (browsers take SVG there).
        group.MapGet("/favicon.ico", () => Asset("icon.svg")).ExcludeFromDescription();
    }

    private static IResult Asset(string file)
        => Assets.TryGetValue(file, out var asset)
            ? TypedResults.Bytes(asset.Content, asset.ContentType)
            : TypedResults.NotFound();

    private static byte[] Read(string name)
    {
        using var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The page asset '{name}' is not embedded in {typeof(PageEndpoints).Assembly.GetName().Name}; the build is broken.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
