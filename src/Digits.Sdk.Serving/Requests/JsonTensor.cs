using System.Text.Json;

namespace Digits.Sdk.Serving.Requests;

/// <summary>
/// A JSON array of numbers, nested or flat, read into its shape and its values in row-major order. Nested arrays must
/// be rectangular: every row at one depth has the same length.
/// </summary>
internal static class JsonTensor
{
    /// <summary>Reads <paramref name="array"/>, named <paramref name="what"/> in messages.</summary>
    /// <exception cref="RequestProblem">It is not an array, is ragged, or holds something other than numbers.</exception>
    public static (long[] Shape, float[] Values) Read(JsonElement array, string what)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw RequestProblem.MalformedJson($"{what} must be an array of numbers, not {Describe(array.ValueKind)}.");
        }

        var shape = new List<long>();
        for (var level = array; level.ValueKind == JsonValueKind.Array; level = level.GetArrayLength() > 0 ? level[0] : default)
        {
            shape.Add(level.GetArrayLength());
            if (level.GetArrayLength() == 0)
            {
                break;
            }
        }

        var count = shape.Aggregate(1L, (product, d) => product * d);
        var values = new float[count];
        var written = 0;
        Fill(array, 0);
        return (shape.ToArray(), values);

        void Fill(JsonElement element, int depth)
        {
            if (element.GetArrayLength() != shape[depth])
            {
                throw RequestProblem.MalformedJson($"{what} is ragged: an array at depth {depth} has {element.GetArrayLength()} items where the first has {shape[depth]}.");
            }

            foreach (var item in element.EnumerateArray())
            {
                if (depth + 1 < shape.Count)
                {
                    if (item.ValueKind != JsonValueKind.Array)
                    {
                        throw RequestProblem.MalformedJson($"{what} is ragged: {Describe(item.ValueKind)} at depth {depth + 1} where arrays are.");
                    }

                    Fill(item, depth + 1);
                }
                else if (item.ValueKind == JsonValueKind.Number && item.TryGetSingle(out var value) && float.IsFinite(value))
                {
                    values[written++] = value;
                }
                else
                {
                    throw RequestProblem.MalformedJson($"{what} holds {Describe(item.ValueKind)} at value {written}, where finite numbers are.");
                }
            }
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
