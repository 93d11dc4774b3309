export declare function benchCodec(): Promise<{
    parseRatio: number;
    buildRatio: number;
    rows: string[][];
}>;
