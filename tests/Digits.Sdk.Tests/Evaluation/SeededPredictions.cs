namespace Digits.Sdk.Tests.Evaluation;

/// <summary>
/// Random but reproducible predictions of a mediocre classifier: one class is never predicted and (with three
/// or more classes) one class never occurs, so both of scikit-learn's zero-division cases show up; some
/// probability rows are exact one-hot vectors so log-loss clipping matters.
/// </summary>
internal sealed record SeededPredictions(int ClassCount, int[] TrueLabels, int[] PredictedLabels, float[,] Probabilities)
{
    public string[] ClassNames => [.. Enumerable.Range(0, ClassCount).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public int NeverPredicted => ClassCount / 2;

    public int? NeverTrue => ClassCount >= 3 ? ClassCount - 1 : null;

    public static SeededPredictions Generate(int seed, int classCount, int samples)
    {
        var random = new Random(seed);
        var neverPredicted = classCount / 2;
        int? neverTrue = classCount >= 3 ? classCount - 1 : null;
        var trueClasses = Enumerable.Range(0, classCount).Where(c => c != neverTrue).ToArray();
        var predictable = Enumerable.Range(0, classCount).Where(c => c != neverPredicted).ToArray();

        var truth = new int[samples];
        var predicted = new int[samples];
        var probabilities = new float[samples, classCount];
        for (var i = 0; i < samples; i++)
        {
            truth[i] = trueClasses[random.Next(trueClasses.Length)];
            predicted[i] = random.NextDouble() < 0.6 && truth[i] != neverPredicted
                ? truth[i]
                : predictable[random.Next(predictable.Length)];

            if (i % 17 == 0)
            {
                // A fully confident answer, right or wrong: 0 and 1 are clipped before the logarithm.
                probabilities[i, predicted[i]] = 1f;
                continue;
            }

            var logits = new double[classCount];
            for (var c = 0; c < classCount; c++)
            {
                logits[c] = (random.NextDouble() * 4) - 2 + (c == predicted[i] ? 5 : 0);
            }

            var total = logits.Sum(Math.Exp);
            for (var c = 0; c < classCount; c++)
            {
                probabilities[i, c] = (float)(Math.Exp(logits[c]) / total);
            }
        }

        return new SeededPredictions(classCount, truth, predicted, probabilities);
    }

    public object ToOracleInput(bool withProbabilities) => new
    {
        classCount = ClassCount,
        trueLabels = TrueLabels,
        predictedLabels = PredictedLabels,
        probabilities = withProbabilities
            ? Enumerable.Range(0, TrueLabels.Length).Select(i => Enumerable.Range(0, ClassCount).Select(c => Probabilities[i, c]).ToArray()).ToArray()
            : null,
    };
}
