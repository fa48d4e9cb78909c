import { describe, expect, it } from 'vitest';
import { parseCsvData, parseJsonData } from '../../src/cli/load-data.js';

describe('data files', () => {
  it('CSV: one row per data set, name[i] columns form vectors and name[i,j] matrices', () => {
    const rows = parseCsvData('n,y[1],y[2],y[3],"X[1,1]","X[1,2]","X[2,1]","X[2,2]"\n3,1.5,2,-1,1,2,3,4\n3,0,0,0,5,6,7,8\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ n: 3, y: [1.5, 2, -1], X: [[1, 2], [3, 4]] });
    expect(rows[1]!.X).toEqual([[5, 6], [7, 8]]);
  });

  it('CSV: says which cell is not a number and which vector has a gap', () => {
    expect(() => parseCsvData('a,b\n1,x\n', 'd.csv')).toThrow(/row 2, column 'b': 'x' is not a number/);
    expect(() => parseCsvData('y[1],y[3]\n1,2\n', 'd.csv')).toThrow(/'y' leave gaps/);
    expect(() => parseCsvData('a,b\n1\n', 'd.csv')).toThrow(/1 values for 2 columns/);
    expect(() => parseCsvData('a b\n1\n', 'd.csv')).toThrow(/not a variable name/);
    expect(() => parseCsvData('y[1],y[1]\n1,2\n', 'd.csv')).toThrow(/'y\[1\]' appears twice/);
    expect(() => parseCsvData('y,y[1]\n1,2\n', 'd.csv')).toThrow(/different shapes/);
  });

  it('JSON: an object is one data set, an array many', () => {
    expect(parseJsonData('{"n": 10, "heads": 7}')).toEqual({ n: 10, heads: 7 });
    expect(parseJsonData('[{"heads": 1}, {"heads": 2}]')).toHaveLength(2);
    expect(() => parseJsonData('[1, 2]', 'd.json')).toThrow(/element 0/);
    expect(() => parseJsonData('{oops', 'd.json')).toThrow(/not valid JSON/);
  });
});
