using Microsoft.AspNetCore.Http;

namespace Digits.Sdk.Serving.Security;

/// <summary>
/// Lets a request through to a protected endpoint only with an accepted key, in <c>Authorization: Bearer …</c> or
/// <c>X-API-Key</c>. Without one it is 401 (with <c>WWW-Authenticate: Bearer</c>); with a wrong one, 403. The answer is
/// in the endpoint's own error form: problem+json under <c>/v1</c>, the protocol's <c>{"error"}</c> under <c>/v2</c>.
/// </summary>
internal sealed class ApiKeyFilter(ApiKeys keys, Func<int, string, string, HttpContext, IResult> refuse) : IEndpointFilter
{
    /// <summary>The header that carries a key when <c>Authorization</c> does not.</summary>
    public const string KeyHeader = "X-API-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = Presented(http.Request);
        if (presented is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(refuse(StatusCodes.Status401Unauthorized, "missing-api-key", $"This service needs an API key: send it as 'Authorization: Bearer <key>' or '{KeyHeader}: <key>'.", http));
        }

        return keys.Accepts(presented)
            ? next(context)
            : ValueTask.FromResult<object?>(refuse(StatusCodes.Status403Forbidden, "wrong-api-key", "The API key sent is not one this service accepts.", http));
    }

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var key = request.Headers[KeyHeader].ToString();
        return key.Length > 0 ? key : null;
    }
}
