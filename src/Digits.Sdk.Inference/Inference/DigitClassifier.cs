using Digits.Sdk.Contract;
using Microsoft.ML.OnnxRuntime;

namespace Digits.Sdk.Inference;

/// <summary>
/// Classifies handwritten digits with a model exported by Digits.Sdk, using ONNX Runtime only: it never loads
/// TorchSharp or libtorch, so applications that only predict stay small and start fast.
/// </summary>
/// <remarks>
/// One instance can serve many threads at once (ONNX Runtime sessions run concurrently); disposing waits for
/// predictions in flight. Pixels follow MNIST's convention: light ink (255 or 1.0) on a dark background (0); the
/// model's normalisation is applied here, from its metadata.
/// </remarks>
/// <example>
/// <code>
/// using var classifier = DigitClassifier.Load("mnist-cnn.onnx");
/// var prediction = classifier.PredictImage("seven.png");
/// Console.WriteLine(prediction.IsBlank ? "no digit found" : $"{prediction.ClassName} ({prediction.Confidence:P1})");
/// </code>
/// </example>
public sealed class DigitClassifier : IDisposable
{
    private const string InputName = OnnxModelContract.InputName;
    private const string LogitsName = OnnxModelContract.LogitsName;
    private const string ProbabilitiesName = OnnxModelContract.ProbabilitiesName;

    private readonly InferenceSession session;
    private readonly string[] outputNames;
    private readonly int sampleSize;
    private readonly int channels;
    private readonly long[] sampleShape;
    // Predictions hold the read side, Dispose the write side: the native session is never freed under a running prediction.
    private readonly ReaderWriterLockSlim lifetime = new(LockRecursionPolicy.NoRecursion);
    private bool disposed;
    private float notADigitBelow;

    private DigitClassifier(InferenceSession session, ClassifierMetadata metadata)
    {
        this.session = session;
        Metadata = metadata;
        sampleShape = metadata.InputShape.Select(d => (long)d).ToArray();
        sampleSize = metadata.InputShape.Aggregate(1, (product, d) => product * d);
        channels = metadata.InputShape.Count == 3 ? metadata.InputShape[0] : 1;
        (ImageHeight, ImageWidth) = metadata.InputShape.Count == 3
            ? (metadata.InputShape[1], metadata.InputShape[2])
            : ((int)Math.Sqrt(sampleSize), (int)Math.Sqrt(sampleSize));
        outputNames = session.OutputNames.Contains(ProbabilitiesName) ? [ProbabilitiesName] : [LogitsName];
        notADigitBelow = (float)(metadata.NotADigitBelow ?? 0);
    }

    /// <summary>
    /// The confidence below which a mark is answered "not a digit" (<see cref="PredictionVerdict.NotADigit"/>) instead of
    /// a class: the model's own threshold (<see cref="ClassifierMetadata.NotADigitBelow"/>, chosen on validation digits so
    /// that about 1% of them fall below it), or 0 (never) for a model without one. Raise it to refuse more doubtful
    /// marks, lower it to refuse fewer; 0 turns the verdict off. Changing it affects predictions made afterwards.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1].</exception>
    public double NotADigitBelow
    {
        get => Volatile.Read(ref notADigitBelow);
        set
        {
            if (!(value is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The not-a-digit threshold is a confidence, from 0 (never) to 1.");
            }

            Volatile.Write(ref notADigitBelow, (float)value);
        }
    }

    /// <summary>What the model says about itself: network, classes, input shape and normalisation.</summary>
    public ClassifierMetadata Metadata { get; }

    /// <summary>The number of classes the model tells apart.</summary>
    public int ClassCount => Metadata.ClassNames.Count;

    /// <summary>The height of the images the model takes (28 for MNIST).</summary>
    public int ImageHeight { get; }

    /// <summary>The width of the images the model takes (28 for MNIST).</summary>
    public int ImageWidth { get; }

    /// <summary>The number of values one sample has: channels × height × width.</summary>
    public int PixelCount => sampleSize;

    /// <summary>Loads a model written by <c>ExportOnnx</c>.</summary>
    /// <remarks>
    /// A model that records the digest of its weights (every model exported by this version of Digits.Sdk does) has its
    /// weights checked against it: a model damaged after it was written is refused rather than allowed to give
    /// confident wrong answers. A model exported before models recorded the digest loads unchecked.
    /// </remarks>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="threads">Threads ONNX Runtime may use within one prediction; 0 lets it choose.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not an ONNX model (or is truncated), it is an ONNX model that Digits.Sdk did not export, or its
    /// weights are not the ones it was exported with (the file was damaged).
    /// </exception>
    public static DigitClassifier Load(string path, int threads = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no model file '{path}'.", path);
        }

        // Read once: the bytes whose weights are checked are the bytes ONNX Runtime loads.
        return Open(ReadModel(path), $"'{path}'", threads);
    }

    /// <summary>
    /// Loads the pretrained MNIST digit classifier that is built into this package: nothing to train, nothing to
    /// download. It reads handwritten digits 0–9 from pictures (<see cref="PredictImage(string)"/>) or from MNIST-style
    /// 28×28 pixels (<see cref="Predict(ReadOnlySpan{byte})"/>).
    /// </summary>
    /// <remarks>
    /// Each call creates a new ONNX Runtime session from the embedded model; load it once and share the instance (it
    /// serves many threads at once). The model, how it was trained and how accurate it is are described in the model
    /// card <c>models/digits-pretrained.md</c> of the repository; <see cref="Metadata"/> carries what it says about itself.
    /// </remarks>
    /// <param name="threads">Threads ONNX Runtime may use within one prediction; 0 lets it choose.</param>
    /// <example>
    /// <code>
    /// using Digits.Sdk.Inference;
    ///
    /// using var classifier = DigitClassifier.LoadPretrained();
    /// var prediction = classifier.PredictImage("seven.png");
    /// Console.WriteLine(prediction.IsBlank ? "no digit found" : $"{prediction.ClassName} ({prediction.Confidence:P1})");
    /// </code>
    /// </example>
    public static DigitClassifier LoadPretrained(int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        return Open(PretrainedModel.Read(), PretrainedModel.Description, threads);
    }

    /// <summary>Classifies one image given as bytes, 0 = background, 255 = ink, row-major (channel-major if several).</summary>
    /// <param name="pixels">Exactly <see cref="PixelCount"/> values (784 for MNIST).</param>
    /// <returns>The prediction, or <see cref="Prediction.Blank"/> when the pixels span less than a tenth of 0–255: no ink to read.</returns>
    /// <exception cref="ArgumentException">The buffer does not have <see cref="PixelCount"/> values.</exception>
    public Prediction Predict(ReadOnlySpan<byte> pixels)
    {
        CheckSize(pixels.Length, nameof(pixels));
        if (InkContrast.IsBlank(pixels))
        {
            return Blank();
        }

        var input = new float[sampleSize];
        Normalize(pixels, input);
        return Run(input, 1)[0];
    }

    /// <summary>Classifies one image given as intensities in [0, 1], 0 = background, 1 = ink.</summary>
    /// <param name="pixels">Exactly <see cref="PixelCount"/> values (784 for MNIST).</param>
    /// <returns>The prediction, or <see cref="Prediction.Blank"/> when the intensities span less than 0.1: no ink to read.</returns>
    /// <exception cref="ArgumentException">The buffer does not have <see cref="PixelCount"/> values.</exception>
    public Prediction Predict(ReadOnlySpan<float> pixels)
    {
        CheckSize(pixels.Length, nameof(pixels));
        if (InkContrast.IsBlank(pixels))
        {
            return Blank();
        }

        var input = new float[sampleSize];
        Normalize(pixels, input);
        return Run(input, 1)[0];
    }

    /// <summary>Classifies several images of bytes in one model run.</summary>
    /// <param name="images">Each with exactly <see cref="PixelCount"/> values.</param>
    /// <returns>One prediction per image, in order; <see cref="Prediction.Blank"/> for each image with no ink to read (see <see cref="Predict(ReadOnlySpan{byte})"/>).</returns>
    /// <exception cref="ArgumentException">An image does not have <see cref="PixelCount"/> values.</exception>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var blank = new bool[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            CheckSize(images[i]?.Length ?? 0, $"{nameof(images)}[{i}]");
            blank[i] = InkContrast.IsBlank(images[i]);
        }

        var input = new float[blank.Count(b => !b) * sampleSize];
        for (int i = 0, k = 0; i < images.Count; i++)
        {
            if (!blank[i])
            {
                Normalize<byte>(images[i], input.AsSpan(k++ * sampleSize, sampleSize));
            }
        }

        return Merge(blank, input);
    }

    /// <summary>Classifies several images of intensities in [0, 1] in one model run.</summary>
    /// <param name="images">Each with exactly <see cref="PixelCount"/> values.</param>
    /// <returns>One prediction per image, in order; <see cref="Prediction.Blank"/> for each image with no ink to read (see <see cref="Predict(ReadOnlySpan{float})"/>).</returns>
    /// <exception cref="ArgumentException">An image does not have <see cref="PixelCount"/> values.</exception>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<float[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var blank = new bool[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            CheckSize(images[i]?.Length ?? 0, $"{nameof(images)}[{i}]");
            blank[i] = InkContrast.IsBlank(images[i]);
        }

        var input = new float[blank.Count(b => !b) * sampleSize];
        for (int i = 0, k = 0; i < images.Count; i++)
        {
            if (!blank[i])
            {
                Normalize<float>(images[i], input.AsSpan(k++ * sampleSize, sampleSize));
            }
        }

        return Merge(blank, input);
    }

    /// <summary>
    /// Classifies a picture (PNG, JPEG… of any size), prepared the way the model's data set needs
    /// (<see cref="ClassifierMetadata.Preprocessing"/>). For MNIST's <see cref="ImagePreprocessing.Digit"/> it is turned to
    /// grayscale, inverted if its background is light, cropped to the ink, scaled to 20 pixels on its longer side and
    /// centred by mass in the 28×28 field, as MNIST's digits were, so a digit drawn dark on white at any size works.
    /// For <see cref="ImagePreprocessing.None"/> (Fashion-MNIST, a user's own data set) it is turned to grayscale and
    /// scaled to the model's input size as it is: a picture already in that size and the data set's polarity reaches the
    /// model exactly as the same image in the data set does.
    /// </summary>
    /// <remarks>
    /// A picture with no ink to read gives <see cref="Prediction.Blank"/> rather than the model's guess: a blank page, one
    /// whose ink differs from the paper by less than a tenth of the range from white to black, or one where nothing
    /// stands out from the paper's noise.
    /// </remarks>
    /// <param name="path">The image file.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a picture that can be decoded, or it is cut short or damaged (only part of it decodes); the
    /// message names the file.
    /// </exception>
    public Prediction PredictImage(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        return PredictImage(stream, $"'{path}'");
    }

    /// <summary>Classifies a picture of one digit read from <paramref name="image"/>; see <see cref="PredictImage(string)"/>.</summary>
    /// <param name="image">The encoded image (PNG, JPEG…), read to its end.</param>
    /// <exception cref="InvalidDataException">
    /// The stream is not a picture that can be decoded, or it is cut short or damaged; the message names the file a
    /// <see cref="FileStream"/> reads, or "the image stream".
    /// </exception>
    public Prediction PredictImage(Stream image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PredictImage(image, image is FileStream file ? $"'{file.Name}'" : "the image stream");
    }

    /// <summary>
    /// The model's class probabilities for samples of bytes given back to back (<see cref="PixelCount"/> each), every
    /// sample asked, row-major <c>[samples, classes]</c>: what an evaluation measures (Digits.Sdk's
    /// <c>ClassifierEvaluation</c>), where a network's answer is wanted for every sample as a checkpoint's is.
    /// </summary>
    /// <remarks>The blank rule of <see cref="PredictBatch(IReadOnlyList{byte[]})"/> is the front door's, for pictures and
    /// samples of unknown content; a data set's sample is never refused.</remarks>
    internal float[] Probabilities(ReadOnlySpan<byte> samples)
    {
        if (samples.Length == 0 || samples.Length % sampleSize != 0)
        {
            throw new ArgumentException($"Model '{Metadata.NetworkName}' takes samples of {sampleSize} values, but {samples.Length} values are not a whole number of samples.", nameof(samples));
        }

        var count = samples.Length / sampleSize;
        var input = new float[samples.Length];
        for (var n = 0; n < count; n++)
        {
            Normalize(samples.Slice(n * sampleSize, sampleSize), input.AsSpan(n * sampleSize, sampleSize));
        }

        var probabilities = new float[count * ClassCount];
        var predictions = Run(input, count);
        for (var n = 0; n < count; n++)
        {
            for (var k = 0; k < ClassCount; k++)
            {
                probabilities[(n * ClassCount) + k] = predictions[n].Probabilities[k];
            }
        }

        return probabilities;
    }

    /// <summary>Frees the ONNX Runtime session, after predictions in flight have finished.</summary>
    public void Dispose()
    {
        lifetime.EnterWriteLock();
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            session.Dispose();
        }
        finally
        {
            lifetime.ExitWriteLock();
        }
    }

    /// <summary>
    /// The one way a model becomes a classifier, wherever its bytes come from: open the session, check that the
    /// metadata and the graph's signature are the ones Digits.Sdk writes, and check the weights against their digest.
    /// </summary>
    /// <param name="model">The whole ONNX file.</param>
    /// <param name="source">How messages name the model: a quoted path, or a description.</param>
    /// <param name="threads">Threads within one prediction; 0 lets ONNX Runtime choose.</param>
    private static DigitClassifier Open(byte[] model, string source, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        InferenceSession session;
        try
        {
            session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException error)
        {
            throw new InvalidDataException($"{source} is not a readable ONNX model (not ONNX, truncated or corrupt): {error.Message}", error);
        }

        try
        {
            var metadata = ModelMetadataReader.Read(session.ModelMetadata.CustomMetadataMap, source);
            CheckSignature(session, metadata, source);
            if (metadata.WeightsDigest is { } digest)
            {
                OnnxWeightsDigest.Check(model, digest, source);
            }

            return new DigitClassifier(session, metadata);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Reads a model file whole, as ONNX Runtime would: an ONNX file cannot exceed protobuf's 2 GB.</summary>
    private static byte[] ReadModel(string path)
    {
        using var file = File.OpenRead(path);
        if (file.Length > Array.MaxLength)
        {
            throw new InvalidDataException($"'{path}' is {file.Length:N0} bytes, larger than an ONNX model can be (protobuf's 2 GB): it is not a model.");
        }

        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        return bytes;
    }

    private Prediction PredictImage(Stream image, string source)
    {
        var ink = PicturePreprocessor.Prepare(image, source, Metadata.Preprocessing, ImageHeight, ImageWidth);
        if (ink.Length * channels != sampleSize)
        {
            throw new NotSupportedException($"Model '{Metadata.NetworkName}' takes input {Describe()}, which is not an image.");
        }

        // A colour model sees the grayscale digit in every channel.
        var pixels = new float[sampleSize];
        for (var c = 0; c < channels; c++)
        {
            ink.CopyTo(pixels, c * ink.Length);
        }

        return Predict(pixels);
    }

    private void CheckSize(int length, string parameter)
    {
        if (length != sampleSize)
        {
            throw new ArgumentException(
                $"Model '{Metadata.NetworkName}' takes images of shape {Describe()} ({sampleSize} values), but {length} values were given.",
                parameter);
        }
    }

    private void Normalize<T>(ReadOnlySpan<T> pixels, Span<float> destination)
        where T : unmanaged
    {
        var perChannel = sampleSize / channels;
        for (var c = 0; c < channels; c++)
        {
            var (mean, std) = (Metadata.NormalizationMean[c], Metadata.NormalizationStandardDeviation[c]);
            for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
            {
                var intensity = pixels[i] switch
                {
                    byte value => value / 255f,
                    float value => value,
                    _ => throw new NotSupportedException(typeof(T).Name),
                };
                destination[i] = (intensity - mean) / std;
            }
        }
    }

    /// <summary>The answer for a blank sample, which the model is not asked about; a disposed classifier still refuses.</summary>
    private Prediction Blank()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return Prediction.Blank;
    }

    /// <summary>Runs the model on the <paramref name="input"/> of the samples that are not blank and puts every answer in its place.</summary>
    private Prediction[] Merge(bool[] blank, float[] input)
    {
        var kept = input.Length / sampleSize;
        var run = kept == 0 ? [] : Run(input, kept);
        if (kept == 0)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
        }

        var predictions = new Prediction[blank.Length];
        for (int i = 0, k = 0; i < blank.Length; i++)
        {
            predictions[i] = blank[i] ? Prediction.Blank : run[k++];
        }

        return predictions;
    }

    private string Describe() => "[" + string.Join(", ", Metadata.InputShape) + "]";

    private Prediction[] Run(float[] input, int batch)
    {
        lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch, .. sampleShape]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [InputName], [tensor], outputNames);
            var values = outputs[0].GetTensorDataAsSpan<float>();
            var classes = ClassCount;
            var threshold = Volatile.Read(ref notADigitBelow);
            var predictions = new Prediction[batch];
            for (var n = 0; n < batch; n++)
            {
                var row = values.Slice(n * classes, classes).ToArray();
                if (outputNames[0] == LogitsName)
                {
                    Softmax(row);
                }

                var label = 0;
                for (var k = 1; k < classes; k++)
                {
                    if (row[k] > row[label])
                    {
                        label = k;
                    }
                }

                predictions[n] = new Prediction(label, Metadata.ClassNames[label], row)
                {
                    Verdict = row[label] < threshold ? PredictionVerdict.NotADigit : PredictionVerdict.Digit,
                };
            }

            return predictions;
        }
        finally
        {
            lifetime.ExitReadLock();
        }
    }

    private static void Softmax(float[] values)
    {
        var max = values.Max();
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(values[i] / sum);
        }
    }

    private static void CheckSignature(InferenceSession session, ClassifierMetadata metadata, string source)
    {
        if (!session.InputMetadata.TryGetValue(InputName, out var input) || input.ElementType != typeof(float)
            || !input.Dimensions.Skip(1).SequenceEqual(metadata.InputShape))
        {
            throw new InvalidDataException(
                $"{source} has no float input '{InputName}' of shape [N, {string.Join(", ", metadata.InputShape)}] as its metadata promises.");
        }

        if (!session.OutputMetadata.TryGetValue(LogitsName, out var logits) || logits.Dimensions[^1] != metadata.ClassNames.Count)
        {
            throw new InvalidDataException(
                $"{source} has no output '{LogitsName}' with one value per class ({metadata.ClassNames.Count}) as its metadata promises.");
        }
    }
}
