using System.Text.Json;
using Digits.Sdk.Contract;
using Digits.Sdk.Inference;
using Digits.Sdk.Serving.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Digits.Sdk.Serving.OpenInference;

/// <summary>
/// The Open Inference Protocol's REST API (KServe v2, as Triton, KServe and MLServer speak it), so existing clients,
/// gateways and KServe deployments call the model unchanged. The input tensor is the model's input before
/// normalisation: <c>FP32</c> intensities in [0, 1] or <c>UINT8</c> bytes 0–255 (0 = background), shape
/// <c>[N, …input shape]</c>; the outputs are <c>probabilities</c> (<c>FP32 [N, classes]</c>) and <c>label</c>
/// (<c>INT64 [N]</c>). A sample with no ink to read (blank, or too faint) keeps its place in both tensors, with label
/// <see cref="Prediction.NoLabel"/> (-1) and probabilities of 0, which no real answer has (they sum to 1): the protocol's
/// clients read tensors, so no digit found is written in them. A third output, <c>verdict</c> (<c>BYTES [N]</c>), says
/// <c>digit</c>, <c>no_digit_found</c> or <c>not_a_digit</c> for each sample. Errors are the protocol's <c>{"error": "…"}</c> object
/// with a 4xx status.
/// </summary>
internal static class OpenInferenceEndpoints
{
    public const string ProbabilitiesOutput = OnnxModelContract.ProbabilitiesName;
    public const string LabelOutput = "label";

    /// <summary>
    /// The output saying what each sample is, as <c>BYTES [N]</c> strings in <see cref="PredictionVerdictNames"/>' words:
    /// the label tensor cannot say "not a digit" without losing the model's best guess, which it keeps.
    /// </summary>
    public const string VerdictOutput = "verdict";

    /// <summary>
    /// The one version of the model a server serves: a process serves one model file, so its versioned routes
    /// (<c>/v2/models/{name}/versions/1/…</c>) answer as the unversioned ones, and any other version is unknown.
    /// </summary>
    public const string ServedVersion = "1";

    public static void Map(RouteGroupBuilder group, ServedClassifier served, ServingState state)
    {
        var v2 = group.MapGroup("/v2").WithTags("Open Inference Protocol");
        v2.MapGet(string.Empty, () => TypedResults.Json(new ServerMetadata("digits", served.Classifier.Metadata.ProducerVersion, []), ServingJson.Options))
            .WithName("ServerMetadata").WithSummary("The server's name, version and protocol extensions.");
        v2.MapGet("/health/live", () => TypedResults.Json(new LiveResponse(true), ServingJson.Options))
            .WithName("ServerLive").WithSummary("200 while the server answers.");
        v2.MapGet("/health/ready", () => Ready(null, state.IsReady))
            .WithName("ServerReady").WithSummary("200 when ready for inference, 400 (the protocol's 'false') while not.");
        v2.MapGet("/models/{name}", (string name) => Answer(served, name, "/v2/models/{name}", () => Task.FromResult<IResult>(TypedResults.Json(Metadata(served), ServingJson.Options))))
            .WithName("ModelMetadata").WithSummary("The model's input and output tensors.");
        v2.MapGet("/models/{name}/ready", (string name) => Answer(served, name, "/v2/models/{name}/ready", () => Task.FromResult(Ready(served.Name, state.IsReady))))
            .WithName("ModelReady").WithSummary("200 when the model is ready for inference.");
        v2.MapPost("/models/{name}/infer", (string name, HttpContext context) => Answer(served, name, "/v2/models/{name}/infer", () => InferAsync(served, context)))
            .WithName("ModelInfer").WithSummary("Run the model on JSON tensors.");

        // The same operations for the one version served, as the protocol's versioned paths name them.
        v2.MapGet("/models/{name}/versions/{version}", (string name, string version) => Answer(served, name, version, "/v2/models/{name}/versions/{version}", () => Task.FromResult<IResult>(TypedResults.Json(Metadata(served), ServingJson.Options))))
            .WithName("ModelVersionMetadata").WithSummary("The model's input and output tensors, for version " + ServedVersion + ".");
        v2.MapGet("/models/{name}/versions/{version}/ready", (string name, string version) => Answer(served, name, version, "/v2/models/{name}/versions/{version}/ready", () => Task.FromResult(Ready(served.Name, state.IsReady))))
            .WithName("ModelVersionReady").WithSummary("200 when version " + ServedVersion + " of the model is ready for inference.");
        v2.MapPost("/models/{name}/versions/{version}/infer", (string name, string version, HttpContext context) => Answer(served, name, version, "/v2/models/{name}/versions/{version}/infer", () => InferAsync(served, context)))
            .WithName("ModelVersionInfer").WithSummary("Run version " + ServedVersion + " of the model on JSON tensors.");

        // Every other path under /v2 is the protocol's {"error": ...}, not the problem+json of the rest of the service.
        v2.MapFallback("{**path}", (string path) => TypedResults.Json(new InferenceError($"There is no Open Inference Protocol endpoint '/v2/{path}'; this server has /v2, /v2/health/live, /v2/health/ready and /v2/models/{served.Name}[/versions/{ServedVersion}][/ready|/infer]."), ServingJson.Options, statusCode: StatusCodes.Status404NotFound))
            .ExcludeFromDescription();
    }

    /// <summary>The protocol's error object with a status: what every failure under <c>/v2</c> answers.</summary>
    public static IResult Error(int status, string message) => TypedResults.Json(new InferenceError(message), ServingJson.Options, statusCode: status);

    private static IResult Ready(string? name, bool ready)
        => TypedResults.Json(new ReadyResponse(name, ready), ServingJson.Options, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);

    private static Task<IResult> Answer(ServedClassifier served, string name, string version, string endpoint, Func<Task<IResult>> handle)
        => Answer(served, name, endpoint, () => version == ServedVersion
            ? handle()
            : throw RequestProblem.UnknownModelVersion(name, version, ServedVersion));

    private static Task<IResult> Answer(ServedClassifier served, string name, string endpoint, Func<Task<IResult>> handle)
        => served.AnswerAsync(
            endpoint,
            () => name == served.Name ? handle() : throw RequestProblem.UnknownModel(name, served.Name),
            problem => TypedResults.Json(new InferenceError(problem.Message), ServingJson.Options, statusCode: problem.Status));

    private static ModelMetadata Metadata(ServedClassifier served)
    {
        var sample = served.Input.Shape.Select(d => (long)d);
        return new ModelMetadata(
            served.Name,
            [ServedVersion],
            "onnxruntime_onnx",
            [new MetadataTensor(OnnxModelContract.InputName, "FP32", [-1, .. sample])],
            [
                new MetadataTensor(ProbabilitiesOutput, "FP32", [-1, served.Classifier.ClassCount]),
                new MetadataTensor(LabelOutput, "INT64", [-1]),
                new MetadataTensor(VerdictOutput, "BYTES", [-1]),
            ]);
    }

    private static async Task<IResult> InferAsync(ServedClassifier served, HttpContext context)
    {
        var request = context.Request;
        if (!string.IsNullOrWhiteSpace(request.ContentType)
            && !(MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Value is { } media
                && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))))
        {
            throw RequestProblem.UnsupportedContentType("the body", request.ContentType, "application/json (the binary tensor extension is not supported)");
        }

        using var arrival = served.Batcher.Announce();
        var body = await RequestBody.ReadAsync(request, served.Options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw RequestProblem.EmptyBody("the inference request");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException error)
        {
            throw RequestProblem.MalformedJson(error.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw RequestProblem.InvalidTensor("The inference request must be a JSON object with an \"inputs\" array.");
            }

            var id = RequestId(root);
            var outputs = RequestedOutputs(root);
            var samples = ReadInput(served, root);
            var predictions = await served.PredictAsync(samples, arrival).ConfigureAwait(false);
            var classes = served.Classifier.ClassCount;
            var tensors = new List<ResponseOutput>();
            foreach (var output in outputs)
            {
                tensors.Add(output switch
                {
                    ProbabilitiesOutput => new ResponseOutput(ProbabilitiesOutput, "FP32", [predictions.Length, classes], predictions.SelectMany(p => p.IsBlank ? new float[classes] : p.Probabilities).ToArray()),
                    VerdictOutput => new ResponseOutput(VerdictOutput, "BYTES", [predictions.Length], predictions.Select(p => PredictionVerdictNames.Of(p.Verdict)).ToArray()),
                    _ => new ResponseOutput(LabelOutput, "INT64", [predictions.Length], predictions.Select(p => (long)p.Label).ToArray()),
                });
            }

            return TypedResults.Json(new InferenceResponse(served.Name, ServedVersion, id, tensors), ServingJson.Options);
        }
    }

    /// <summary>
    /// The request's <c>id</c>, echoed in the answer: a string, as the protocol defines it. Absent or null is no id; a
    /// number or anything else is refused rather than silently dropped, so a client never loses track of its answer.
    /// </summary>
    private static string? RequestId(JsonElement root)
    {
        if (!root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : throw RequestProblem.InvalidTensor($"\"id\" must be a string, as the Open Inference Protocol defines it, but it is {id.ValueKind.ToString().ToLowerInvariant()} {id.GetRawText()}; send it in quotes.");
    }

    /// <summary>The outputs the request names, in its order; all three when it names none, as the protocol says.</summary>
    private static List<string> RequestedOutputs(JsonElement root)
    {
        if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind == JsonValueKind.Null)
        {
            return [ProbabilitiesOutput, LabelOutput, VerdictOutput];
        }

        if (outputs.ValueKind != JsonValueKind.Array)
        {
            throw RequestProblem.InvalidTensor("\"outputs\" must be an array of objects with a \"name\".");
        }

        var names = new List<string>();
        foreach (var output in outputs.EnumerateArray())
        {
            var name = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
            if (name is not (ProbabilitiesOutput or LabelOutput or VerdictOutput))
            {
                throw RequestProblem.InvalidTensor($"Unknown output {(name is null ? "without a name" : $"'{name}'")}; this model has outputs '{ProbabilitiesOutput}', '{LabelOutput}' and '{VerdictOutput}'.");
            }

            names.Add(name);
        }

        return names;
    }

    private static IReadOnlyList<Sample> ReadInput(ServedClassifier served, JsonElement root)
    {
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
        {
            throw RequestProblem.InvalidTensor("The inference request has no \"inputs\" array.");
        }

        if (inputs.GetArrayLength() != 1)
        {
            throw RequestProblem.InvalidTensor($"The model has one input, '{OnnxModelContract.InputName}', but the request has {inputs.GetArrayLength()} inputs.");
        }

        var input = inputs[0];
        var name = String(input, "name");
        if (name != OnnxModelContract.InputName)
        {
            throw RequestProblem.InvalidTensor($"Unknown input '{name}'; the model's input is '{OnnxModelContract.InputName}'.");
        }

        var datatype = String(input, "datatype");
        var (scale, range) = datatype switch
        {
            "FP32" => (1f, "intensities in [0, 1] for FP32 (0 = background, 1 = ink)"),
            "UINT8" => (255f, "bytes 0 to 255 for UINT8 (0 = background)"),
            _ => throw RequestProblem.InvalidTensor($"Input '{name}' has datatype '{datatype}'; the model takes FP32 intensities in [0, 1] or UINT8 bytes."),
        };

        if (input.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("binary_data_size", out _))
        {
            throw RequestProblem.InvalidTensor("Binary tensor data is not supported; send the data as a JSON array.");
        }

        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || shapeElement.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var v) || v < 0))
        {
            throw RequestProblem.InvalidTensor($"Input '{name}' needs a \"shape\" array of non-negative integers.");
        }

        var shape = shapeElement.EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var expected = served.Input.Shape.Select(d => (long)d).ToArray();
        if (shape.Length != expected.Length + 1 || !shape.AsSpan(1).SequenceEqual(expected) || shape[0] < 1)
        {
            throw RequestProblem.WrongShape($"input '{name}'", ModelInput.Describe(shape), $"[N, {string.Join(", ", expected)}] with N ≥ 1");
        }

        if (!input.TryGetProperty("data", out var dataElement))
        {
            throw RequestProblem.InvalidTensor($"Input '{name}' has no \"data\".");
        }

        var (_, values) = JsonTensor.Read(dataElement, $"the data of input '{name}'");
        var count = shape.Aggregate(1L, (product, d) => product * d);
        if (values.Length != count)
        {
            throw RequestProblem.WrongShape($"the data of input '{name}'", $"{values.Length} values", $"{count} values for shape {ModelInput.Describe(shape)}");
        }

        if (scale != 1f)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is < 0 or > 255 || values[i] != MathF.Round(values[i]))
                {
                    throw RequestProblem.PixelOutOfRange($"the data of input '{name}'", i, values[i], range);
                }

                values[i] /= scale;
            }
        }

        return served.Reader.Samples([shape[0], .. expected], values, $"the data of input '{name}'", range);
    }

    private static string String(JsonElement element, string property)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw RequestProblem.InvalidTensor($"An input needs a \"{property}\" string.");
}
