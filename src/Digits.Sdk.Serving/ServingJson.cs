using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Digits.Sdk.Serving;

/// <summary>
/// How the service writes JSON: web defaults (camelCase), absent members left out rather than written as null, and
/// quotes in messages written as they are (the answers are application/json, never embedded in HTML).
/// </summary>
internal static class ServingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
