import { Button, Input, Text, View } from '@tarojs/components';
import { QUESTION_KINDS, QuestionKindLabelZh, type QuestionKind } from '@linli/shared';
import Checkbox from '../../../components/Checkbox';
import { nextOptionValue, nextQuestionKey, type QuestionForm } from '../utils';

interface Props {
  questions: QuestionForm[];
  onChange: (questions: QuestionForm[]) => void;
  /** Field errors of the whole form (`questions.0.label` ...). */
  errors: Record<string, string>;
}

const err = (errors: Record<string, string>, path: string) => errors[path];

/** The extra questions of a minor category: add, remove, reorder; choice questions with their options. */
export default function QuestionEditor({ questions, onChange, errors }: Props) {
  const update = (i: number, patch: Partial<QuestionForm>) => onChange(questions.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= questions.length) return;
    const next = [...questions];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
  };
  const add = () =>
    onChange([...questions, { key: nextQuestionKey(questions), label: '', kind: 'text', required: false, options: [], min: '', max: '', hint: '' }]);

  return (
    <View id='catalog-questions'>
      {questions.length === 0 && <Text className='muted'>没有补充问题。上报时只需填写描述、照片和位置。</Text>}
      {questions.map((q, i) => {
        const at = `questions.${i}`;
        const choice = q.kind === 'single' || q.kind === 'multiple';
        return (
          <View key={i} className='catalog-question' id={`catalog-question-${i}`}>
            <View className='row row--between'>
              <Text className='field__label'>问题 {i + 1}</Text>
              <View className='row'>
                <Text className='link' onClick={() => move(i, -1)}>
                  上移
                </Text>
                <Text className='link' onClick={() => move(i, 1)}>
                  下移
                </Text>
                <Text className='link text-danger' id={`catalog-question-${i}-remove`} onClick={() => onChange(questions.filter((_, j) => j !== i))}>
                  删除
                </Text>
              </View>
            </View>
            <View className={`field${err(errors, `${at}.label`) ? ' field--invalid' : ''}`}>
              <Input id={`catalog-question-${i}-label`} className='input' value={q.label} placeholder='问题，如 车牌号' onInput={(e) => update(i, { label: e.detail.value })} />
              {err(errors, `${at}.label`) && <Text className='field__error'>{err(errors, `${at}.label`)}</Text>}
            </View>
            <View className='catalog-chips'>
              {QUESTION_KINDS.map((k: QuestionKind) => (
                <Text
                  key={k}
                  id={`catalog-question-${i}-kind-${k}`}
                  className={`catalog-chip${q.kind === k ? ' catalog-chip--on' : ''}`}
                  onClick={() => update(i, { kind: k, options: (k === 'single' || k === 'multiple') && q.options.length === 0 ? [{ value: 'o1', label: '' }, { value: 'o2', label: '' }] : q.options })}
                >
                  {QuestionKindLabelZh[k]}
                </Text>
              ))}
            </View>
            <Checkbox id={`catalog-question-${i}-required`} checked={q.required} onChange={(required) => update(i, { required })}>
              <Text>必答</Text>
            </Checkbox>
            {choice && (
              <View className={`field${err(errors, `${at}.options`) ? ' field--invalid' : ''}`}>
                <Text className='field__label'>选项</Text>
                {q.options.map((o, j) => (
                  <View key={o.value} className='catalog-option'>
                    <Input
                      id={`catalog-question-${i}-option-${j}`}
                      className='input'
                      value={o.label}
                      placeholder={`选项 ${j + 1}`}
                      onInput={(e) => update(i, { options: q.options.map((x, k) => (k === j ? { ...x, label: e.detail.value } : x)) })}
                    />
                    <Text className='link text-danger' onClick={() => update(i, { options: q.options.filter((_, k) => k !== j) })}>
                      删除
                    </Text>
                  </View>
                ))}
                <Text className='link' id={`catalog-question-${i}-add-option`} onClick={() => update(i, { options: [...q.options, { value: nextOptionValue(q.options), label: '' }] })}>
                  + 添加选项
                </Text>
                {err(errors, `${at}.options`) && <Text className='field__error'>{err(errors, `${at}.options`)}</Text>}
              </View>
            )}
            {(q.kind === 'number' || q.kind === 'text' || q.kind === 'multiple') && (
              <View className='catalog-grid'>
                <View className={`field${err(errors, `${at}.min`) ? ' field--invalid' : ''}`}>
                  <Text className='field__label'>{q.kind === 'number' ? '最小值' : q.kind === 'text' ? '最少字数' : '至少选'}</Text>
                  <Input className='input' type='digit' value={q.min} onInput={(e) => update(i, { min: e.detail.value })} />
                  {err(errors, `${at}.min`) && <Text className='field__error'>{err(errors, `${at}.min`)}</Text>}
                </View>
                <View className={`field${err(errors, `${at}.max`) ? ' field--invalid' : ''}`}>
                  <Text className='field__label'>{q.kind === 'number' ? '最大值' : q.kind === 'text' ? '最多字数' : '最多选'}</Text>
                  <Input className='input' type='digit' value={q.max} onInput={(e) => update(i, { max: e.detail.value })} />
                  {err(errors, `${at}.max`) && <Text className='field__error'>{err(errors, `${at}.max`)}</Text>}
                </View>
              </View>
            )}
            <View className='field'>
              <Input className='input' value={q.hint} placeholder='提示（选填），如 看不清可不填' onInput={(e) => update(i, { hint: e.detail.value })} />
            </View>
            <Text className='muted'>答案标识：{q.key}</Text>
            {err(errors, `${at}.key`) && <Text className='field__error'>{err(errors, `${at}.key`)}</Text>}
          </View>
        );
      })}
      <Button id='catalog-question-add' className='btn btn--plain btn--inline' onClick={add}>
        + 添加补充问题
      </Button>
    </View>
  );
}
