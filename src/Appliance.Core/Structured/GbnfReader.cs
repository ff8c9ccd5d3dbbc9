namespace Appliance.Core.Structured;

/// <summary>Where llama.cpp's grammar parser would stop reading, and why (the message never quotes the grammar).</summary>
internal sealed class GbnfSyntaxException(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>
/// Reads GBNF by the rules of llama.cpp's <c>llama_grammar_parser</c> (see <see cref="GbnfSyntax"/>):
/// throws <see cref="GbnfSyntaxException"/> where that parser would fail, and records the rules
/// defined and used so the caller can check references and the start rule.
/// </summary>
internal sealed class GbnfReader(string text)
{
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private readonly List<(string Name, int Position)> _used = [];
    private int _pos;

    private char At(int i) => i < text.Length ? text[i] : '\0';

    private char Current => At(_pos);

    public bool Defined(string name) => _defined.Contains(name);

    public (string Name, int Position)? Undefined()
    {
        foreach (var use in _used)
        {
            if (!_defined.Contains(use.Name))
            {
                return use;
            }
        }

        return null;
    }

    public void Parse()
    {
        SkipSpace(newlineOk: true);
        while (Current != '\0')
        {
            ParseRule();
        }
    }

    private void ParseRule()
    {
        var name = ParseName();
        _defined.Add(name);
        SkipSpace(newlineOk: false);
        if (!(Current == ':' && At(_pos + 1) == ':' && At(_pos + 2) == '='))
        {
            throw new GbnfSyntaxException(_pos, "expecting ::= after the rule name");
        }

        _pos += 3;
        SkipSpace(newlineOk: true);
        ParseAlternates(nested: false);
        if (Current == '\r')
        {
            _pos += At(_pos + 1) == '\n' ? 2 : 1;
        }
        else if (Current == '\n')
        {
            _pos++;
        }
        else if (Current != '\0')
        {
            throw new GbnfSyntaxException(_pos, "expecting a newline or the end after the rule");
        }

        SkipSpace(newlineOk: true);
    }

    private void ParseAlternates(bool nested)
    {
        ParseSequence(nested);
        while (Current == '|')
        {
            _pos++;
            SkipSpace(newlineOk: true);
            ParseSequence(nested);
        }
    }

    private void ParseSequence(bool nested)
    {
        var hasItem = false;
        while (Current != '\0')
        {
            var c = Current;
            if (c == '"')
            {
                _pos++;
                while (Current != '"')
                {
                    if (Current == '\0')
                    {
                        throw new GbnfSyntaxException(_pos, "unexpected end of input inside a string literal");
                    }

                    ParseChar();
                }

                _pos++;
                hasItem = true;
            }
            else if (c == '[')
            {
                _pos++;
                if (Current == '^')
                {
                    _pos++;
                }

                while (Current != ']')
                {
                    if (Current == '\0')
                    {
                        throw new GbnfSyntaxException(_pos, "unexpected end of input inside a character class");
                    }

                    ParseChar();
                    if (Current == '-' && At(_pos + 1) != ']')
                    {
                        if (At(_pos + 1) == '\0')
                        {
                            throw new GbnfSyntaxException(_pos, "unexpected end of input inside a character class");
                        }

                        _pos++;
                        ParseChar();
                    }
                }

                _pos++;
                hasItem = true;
            }
            else if (c is '<' or '!')
            {
                throw new GbnfSyntaxException(_pos, "token references (<...>) are not supported: write the text as a string literal");
            }
            else if (IsWordChar(c))
            {
                var start = _pos;
                _used.Add((ParseName(), start));
                hasItem = true;
            }
            else if (c == '(')
            {
                _pos++;
                SkipSpace(newlineOk: true);
                ParseAlternates(nested: true);
                if (Current != ')')
                {
                    throw new GbnfSyntaxException(_pos, "expecting ')'");
                }

                _pos++;
                hasItem = true;
            }
            else if (c == '.')
            {
                _pos++;
                hasItem = true;
            }
            else if (c is '*' or '+' or '?')
            {
                Repeat(hasItem, c);
                _pos++;

                // As llama.cpp: '*' and '?' (and {0,}, {0,1}) leave nothing a further postfix may repeat.
                hasItem = c == '+';
            }
            else if (c == '{')
            {
                Repeat(hasItem, c);
                var (min, max) = ParseCount(nested);
                hasItem = min > 0 || max > 1;
                continue; // ParseCount skipped the space after '}'
            }
            else
            {
                return;
            }

            SkipSpace(nested);
        }
    }

    private void Repeat(bool hasItem, char postfix)
    {
        if (!hasItem)
        {
            throw new GbnfSyntaxException(_pos, $"'{postfix}' must follow an item to repeat");
        }
    }

    /// <summary>Reads <c>{m}</c>, <c>{m,}</c> or <c>{m,n}</c>; returns m and n (0 for none).</summary>
    private (long Min, long Max) ParseCount(bool nested)
    {
        _pos++;
        SkipSpace(nested);
        var min = ParseInt("expecting a number after '{'");
        var max = min;
        SkipSpace(nested);
        if (Current == ',')
        {
            _pos++;
            SkipSpace(nested);
            max = 0;
            if (char.IsAsciiDigit(Current))
            {
                max = ParseInt("expecting a number");
                SkipSpace(nested);
            }
        }
        else if (Current != '}')
        {
            throw new GbnfSyntaxException(_pos, "expecting ',' or '}'");
        }

        if (Current != '}')
        {
            throw new GbnfSyntaxException(_pos, "expecting '}'");
        }

        if (min > GbnfSyntax.MaxRepetitions || max > GbnfSyntax.MaxRepetitions)
        {
            throw new GbnfSyntaxException(_pos, $"a repetition count above {GbnfSyntax.MaxRepetitions} is refused by llama.cpp");
        }

        _pos++;
        SkipSpace(nested);
        return (min, max);
    }

    private long ParseInt(string expecting)
    {
        var start = _pos;
        long value = 0;
        while (char.IsAsciiDigit(Current))
        {
            value = Math.Min((value * 10) + (Current - '0'), long.MaxValue / 20);
            _pos++;
        }

        return _pos == start ? throw new GbnfSyntaxException(_pos, expecting) : value;
    }

    private string ParseName()
    {
        var start = _pos;
        while (IsWordChar(Current))
        {
            _pos++;
        }

        return _pos == start ? throw new GbnfSyntaxException(_pos, "expecting a rule name") : text[start.._pos];
    }

    private void ParseChar()
    {
        if (Current != '\\')
        {
            _pos += char.IsSurrogatePair(text, _pos) ? 2 : 1;
            return;
        }

        var digits = At(_pos + 1) switch
        {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            't' or 'r' or 'n' or '\\' or '"' or '[' or ']' => 0,
            _ => throw new GbnfSyntaxException(_pos, "unknown escape (known: \\x \\u \\U \\t \\r \\n \\\\ \\\" \\[ \\])"),
        };
        _pos += 2;
        for (var i = 0; i < digits; i++, _pos++)
        {
            if (!char.IsAsciiHexDigit(Current))
            {
                throw new GbnfSyntaxException(_pos, $"expecting {digits} hex digits in the escape");
            }
        }
    }

    private void SkipSpace(bool newlineOk)
    {
        while (Current is ' ' or '\t' or '#' || (newlineOk && Current is '\r' or '\n'))
        {
            if (Current == '#')
            {
                while (Current is not ('\0' or '\r' or '\n'))
                {
                    _pos++;
                }
            }
            else
            {
                _pos++;
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';
}
