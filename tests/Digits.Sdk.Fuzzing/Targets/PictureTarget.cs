using Digits.Sdk.Inference;
using SkiaSharp;

namespace Digits.Sdk.Fuzzing.Targets;

/// <summary>
/// The picture path of <see cref="DigitClassifier.PredictImage(Stream)"/> up to the model: decoding
/// (<see cref="PictureDecoder"/>, SkiaSharp) and both preprocessings to a 28×28 field
/// (<see cref="PicturePreprocessor"/>): MNIST's digit preparation and the plain resize.
/// </summary>
/// <remarks>
/// Documented: <see cref="InvalidDataException"/> (not a picture that can be decoded, cut short, only partly
/// decodable, or claiming more pixels than it can hold). The budget allows what a real
/// picture costs, about 40 bytes of managed memory per pixel across the decoder's and the preprocessing's buffers
/// (the grey picture, the ink, the ink kept, and the labels and stack that find its specks; 32 before the preprocessing
/// looked for specks and measured 37 on a 7.5-million-pixel input), for the most pixels an
/// input of that size can honestly encode (deflate's 1032:1 on one byte per pixel, times eight for 1-bit pictures);
/// a header that claims far more pixels than its bytes can hold goes past it.
/// </remarks>
internal sealed class PictureTarget : FuzzTarget
{
    private const int Side = 28;

    public override string Name => "picture";

    public override void Warm()
    {
        using var codec = SKCodec.Create(new MemoryStream(Seeds.BlankPng));
        using var bitmap = SKBitmap.Decode(codec);
    }

    protected override void Parse(byte[] input)
    {
        var (gray, height, width) = PictureDecoder.Decode(new MemoryStream(input, writable: false), "fuzz input");
        var digit = PicturePreprocessor.Prepare(gray, height, width, ImagePreprocessing.Digit, Side, Side);
        var plain = PicturePreprocessor.Prepare(gray, height, width, ImagePreprocessing.None, Side, Side);
        if (digit.Length != Side * Side || plain.Length != Side * Side)
        {
            throw new InvalidOperationException($"The preprocessing returned {digit.Length} and {plain.Length} values, not {Side * Side}.");
        }

        foreach (var value in digit.Concat(plain))
        {
            if (!float.IsFinite(value))
            {
                throw new InvalidOperationException($"The preprocessing produced {value}, not an intensity in [0, 1].");
            }
        }
    }

    protected override bool IsDocumented(Exception error) => error is InvalidDataException;

    protected override long AllocationBudget(int inputLength) => (40L * 8 * 1032 * inputLength) + (16L << 20);
}
