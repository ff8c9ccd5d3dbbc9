using System.Collections.Concurrent;

namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// What <see cref="CannedAnswerEngine"/> answers: for a prompt holding a key, the key's answers in
/// turn (the last one repeats), so a retry can get a different answer; <c>{}</c> for any other prompt.
/// </summary>
public sealed class CannedAnswers
{
    private readonly ConcurrentDictionary<string, (string[] Answers, int Next)> _byKey = new(StringComparer.Ordinal);

    /// <summary>Answers a prompt containing <paramref name="key"/> with <paramref name="answers"/>, one per generation.</summary>
    public void Add(string key, params string[] answers) => _byKey[key] = (answers, 0);

    public string For(string prompt)
    {
        foreach (var key in _byKey.Keys.Where(k => prompt.Contains(k, StringComparison.Ordinal)))
        {
            var (answers, next) = _byKey.AddOrUpdate(key, _ => throw new InvalidOperationException(), (_, v) => (v.Answers, v.Next + 1));
            return answers[Math.Min(next - 1, answers.Length - 1)];
        }

        return "{}";
    }
}
